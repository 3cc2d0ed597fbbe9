using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Autograd.Serialization;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors), so weights move between Autograd and PyTorch
/// (<c>safetensors.torch.save_file</c> / <c>load_file</c>). A file is: an 8-byte little-endian header length N; N bytes of
/// UTF-8 JSON mapping each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> plus an optional
/// <c>"__metadata__"</c> object of strings, padded with spaces to a multiple of 8; then the tensors' little-endian bytes,
/// packed back to back. Tensors are written as F64; F64 and F32 are read (F32 widened to double).
/// </summary>
/// <remarks>
/// Loading checks every size and offset against the actual length before allocating (on a stream that cannot seek, it
/// reads no more than the header declares and grows its buffers only as bytes arrive), so an untrusted or corrupted
/// file gives <see cref="InvalidDataException"/> naming the problem, never a crash, a huge allocation or wrong numbers.
/// </remarks>
public static class SafeTensors
{
    /// <summary>Largest header accepted on load, in bytes (the Python library's limit).</summary>
    public const int MaxHeaderLength = 100_000_000;

    /// <summary>Largest rank a loaded tensor may declare (PyTorch's limit).</summary>
    public const int MaxRank = 64;

    // Elements a buffer starts with when the stream's length is unknown; it doubles as bytes actually arrive.
    private const int FirstChunk = 1 << 16;

    /// <summary>Writes <paramref name="tensors"/> (and optional string <paramref name="metadata"/>) to a new file at <paramref name="path"/>.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (header, ordered) = SafeTensorsHeader.Build(tensors, metadata);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(file, header, ordered);
    }

    /// <summary>Writes <paramref name="tensors"/> (and optional string <paramref name="metadata"/>) to <paramref name="stream"/>.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (header, ordered) = SafeTensorsHeader.Build(tensors, metadata);
        Write(stream, header, ordered);
    }

    /// <summary>Reads every tensor of the file at <paramref name="path"/>, by name (ordinal comparison).</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor of the file at <paramref name="path"/>, and its <c>__metadata__</c> (empty when absent).</summary>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(file, out metadata);
    }

    /// <summary>
    /// Reads every tensor from <paramref name="stream"/>: from its current position to its end when it can seek; from a
    /// stream that cannot, exactly the bytes its header declares, leaving anything after them unread.
    /// </summary>
    public static Dictionary<string, Tensor> Load(Stream stream) => Load(stream, out _);

    /// <summary>Reads every tensor from <paramref name="stream"/> (as <see cref="Load(Stream)"/>), and the <c>__metadata__</c> (empty when absent).</summary>
    public static Dictionary<string, Tensor> Load(Stream stream, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(stream));
        return Read(stream, out metadata);
    }

    /// <remarks>
    /// On a seekable stream every length is checked against what is left before anything is allocated. Without one the
    /// length field comes first, the header is read only up to its declared (and capped) size, and buffers grow only as
    /// bytes arrive, so an endless or lying stream costs at most what its header declares, never a full buffering.
    /// </remarks>
    private static Dictionary<string, Tensor> Read(Stream stream, out Dictionary<string, string> metadata)
    {
        long? available = stream.CanSeek ? stream.Length - stream.Position : null;
        Span<byte> lengthBytes = stackalloc byte[8];
        int got = stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false);
        if (got < 8)
            throw new InvalidDataException($"The data is {got} bytes long, shorter than the 8-byte header length that starts a safetensors file.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
            throw new InvalidDataException($"The header length {headerLength} is larger than the {MaxHeaderLength}-byte limit.");
        if (available - 8 < (long)headerLength)
            throw new InvalidDataException($"The header length {headerLength} runs past the end of the data ({available - 8} bytes follow the length).");

        byte[] headerBytes;
        try
        {
            headerBytes = ReadArray<byte>(stream, (int)headerLength, available.HasValue);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The header length {headerLength} runs past the end of the data.", e);
        }
        var header = SafeTensorsHeader.Parse(headerBytes, available - 8 - (long)headerLength);
        metadata = header.Metadata;

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in header.Entries) // ordered by offset, contiguous from 0
                result.Add(entry.Name, ReadTensor(stream, entry, available.HasValue));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The data ended before the {header.DataLength} bytes of tensor data its header announces (truncated, or changed while being read).", e);
        }
        return result;
    }

    private static Tensor ReadTensor(Stream stream, SafeTensorsHeader.Entry entry, bool lengthChecked)
    {
        double[] data;
        if (entry.DType == "F64")
        {
            data = ReadArray<double>(stream, entry.Count, lengthChecked);
            if (!BitConverter.IsLittleEndian) ReverseEndianness(data);
        }
        else
        {
            var singles = ReadArray<float>(stream, entry.Count, lengthChecked);
            if (!BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(singles.AsSpan()), MemoryMarshal.Cast<float, int>(singles.AsSpan()));
            data = new double[entry.Count];
            TensorPrimitives.ConvertTruncating<float, double>(singles, data);
        }
        return new Tensor(data, entry.Shape);
    }

    /// <summary>
    /// <paramref name="count"/> elements' bytes, read exactly. When <paramref name="lengthChecked"/> is false the stream
    /// may hold fewer than declared, so the buffer starts small and doubles as bytes arrive: a short stream ends in
    /// <see cref="EndOfStreamException"/> having allocated about twice what it held, not the declared size.
    /// </summary>
    private static T[] ReadArray<T>(Stream stream, int count, bool lengthChecked) where T : unmanaged
    {
        var buffer = new T[lengthChecked ? count : Math.Min(count, FirstChunk)];
        int filled = 0;
        while (true)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(buffer.AsSpan(filled)));
            filled = buffer.Length;
            if (filled == count) return buffer;
            Array.Resize(ref buffer, (int)Math.Min(count, 2L * filled));
        }
    }

    private static void Write(Stream stream, byte[] header, IReadOnlyList<Tensor> ordered)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
        stream.Write(lengthBytes);
        stream.Write(header);
        foreach (var tensor in ordered)
        {
            if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(tensor.Span));
            else
            {
                var copy = tensor.ToArray();
                ReverseEndianness(copy);
                stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
            }
        }
        stream.Flush();
    }

    private static void ReverseEndianness(double[] values)
    {
        var bits = MemoryMarshal.Cast<double, long>(values.AsSpan());
        BinaryPrimitives.ReverseEndianness(bits, bits);
    }
}
