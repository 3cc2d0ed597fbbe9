using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Autograd.Nn;
using Autograd.Serialization;

namespace Autograd.Tests.Nn.Serialization;

public class SafeTensorsRoundTripTests
{
    private static double Bits(long bits) => BitConverter.Int64BitsToDouble(bits);

    /// <summary>Values whose bit patterns must survive: NaN payloads (quiet, signalling, negative), ±inf, −0, subnormals.</summary>
    private static readonly double[] Special =
    [
        Bits(0x7FF8_0000_DEAD_BEEF), Bits(0x7FF0_0000_0000_0001), Bits(unchecked((long)0xFFF8_0000_0000_1234)),
        double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, -1.0 / 3.0,
    ];

    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["encoder.0.weight"] = Tensor.Randn([3, 4], new Random(1)),
        ["encoder.0.bias"] = Tensor.FromArray([0.1, -0.2, 0.3]),
        ["special"] = Tensor.FromArray(Special),
        ["scalar"] = Tensor.Scalar(Math.PI),
        ["empty"] = Tensor.Zeros(0),
        ["empty2d"] = Tensor.Zeros(2, 0, 3),
    };

    private static void AssertBitExact(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in expected)
        {
            Assert.Equal(tensor.Shape, actual[name].Shape);
            Assert.Equal(tensor.Span.ToArray().Select(BitConverter.DoubleToInt64Bits), actual[name].Span.ToArray().Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void FileRoundTripIsBitExactWithMetadata()
    {
        var tensors = Sample();
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode ✓ \"quoted\"" };
        var path = Path.Combine(Path.GetTempPath(), $"autograd-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensors.Save(tensors, path, metadata);
            var loaded = SafeTensors.Load(path, out var loadedMetadata);
            AssertBitExact(tensors, loaded);
            Assert.Equal(metadata.OrderBy(kv => kv.Key), loadedMetadata.OrderBy(kv => kv.Key));
            Assert.False(loaded["scalar"].RequiresGrad);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StreamRoundTripIsBitExactAndMetadataIsOptional()
    {
        var tensors = Sample();
        using var stream = new MemoryStream();
        SafeTensors.Save(tensors, stream);
        stream.Position = 0;
        var loaded = SafeTensors.Load(stream, out var metadata);
        AssertBitExact(tensors, loaded);
        Assert.Empty(metadata);
    }

    [Fact]
    public void EmptyDictionaryRoundTrips()
    {
        using var stream = new MemoryStream();
        SafeTensors.Save(new Dictionary<string, Tensor>(), stream);
        // "{}" padded to 8 bytes: length 8, then "{}      ".
        Assert.Equal(16, stream.Length);
        stream.Position = 0;
        Assert.Empty(SafeTensors.Load(stream));
    }

    [Fact]
    public void WritesTheBytesThePythonLibraryWrites()
    {
        // safetensors' serializer: compact JSON with "__metadata__" first, tensors sorted by name with keys dtype, shape,
        // data_offsets; header padded with spaces to a multiple of 8; data little-endian in the same order.
        var tensors = new Dictionary<string, Tensor> { ["b"] = Tensor.FromArray([1.5, -2.0]), ["a"] = Tensor.Scalar(0.25) };
        using var stream = new MemoryStream();
        SafeTensors.Save(tensors, stream, new Dictionary<string, string> { ["format"] = "pt" });

        const string json = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}";
        var header = Encoding.UTF8.GetBytes(json.PadRight((json.Length + 7) / 8 * 8));
        var expected = new byte[8 + header.Length + 24];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, (ulong)header.Length);
        header.CopyTo(expected, 8);
        int data = 8 + header.Length;
        BinaryPrimitives.WriteDoubleLittleEndian(expected.AsSpan(data), 0.25);
        BinaryPrimitives.WriteDoubleLittleEndian(expected.AsSpan(data + 8), 1.5);
        BinaryPrimitives.WriteDoubleLittleEndian(expected.AsSpan(data + 16), -2.0);
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void ReadsAHandMadeFileWithF32AndUnsortedEntries()
    {
        // Written per the format description, independently of Save: entries not in offset order, an F32 tensor,
        // no padding, extra whitespace in the JSON.
        const string json = " { \"w\" : {\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[16,32]},\n \"__metadata__\": {\"k\": \"v\"}, \"s\": {\"shape\":[],\"dtype\":\"F64\",\"data_offsets\":[0,8]}, \"z\":{\"dtype\":\"F64\",\"shape\":[0,5],\"data_offsets\":[8,8]}, \"t\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]} }";
        var header = Encoding.UTF8.GetBytes(json);
        var file = new byte[8 + header.Length + 32];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        var data = file.AsSpan(8 + header.Length);
        BinaryPrimitives.WriteDoubleLittleEndian(data, -7.5);
        BinaryPrimitives.WriteDoubleLittleEndian(data[8..], 1e-300);
        float[] singles = [0.1f, -1.25f, float.NegativeInfinity, 3.0e38f];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteSingleLittleEndian(data[(16 + 4 * i)..], singles[i]);

        var loaded = SafeTensors.Load(new MemoryStream(file), out var metadata);
        Assert.Equal(new[] { "s", "t", "w", "z" }, loaded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("v", metadata["k"]);
        Assert.Equal(Array.Empty<int>(), loaded["s"].Shape);
        Assert.Equal(-7.5, loaded["s"].Item());
        Assert.Equal([1e-300], loaded["t"].ToArray());
        Assert.Equal([2, 2], loaded["w"].Shape);
        Assert.Equal(singles.Select(f => (double)f), loaded["w"].ToArray());
        Assert.Equal([0, 5], loaded["z"].Shape);
    }

    [Fact]
    public void SavedHeaderIsPaddedAndDescribesTheData()
    {
        var tensors = Sample();
        using var stream = new MemoryStream();
        SafeTensors.Save(tensors, stream);
        var bytes = stream.ToArray();
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        long dataStart = 8 + n;
        foreach (var (name, tensor) in tensors)
        {
            var entry = header.RootElement.GetProperty(name);
            Assert.Equal("F64", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            long begin = entry.GetProperty("data_offsets")[0].GetInt64(), end = entry.GetProperty("data_offsets")[1].GetInt64();
            Assert.Equal(8L * tensor.Count, end - begin);
            for (int i = 0; i < tensor.Count; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(tensor.Span[i]), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)(dataStart + begin + 8 * i))));
        }
        Assert.Equal(dataStart + tensors.Values.Sum(t => 8L * t.Count), bytes.Length);
    }

    [Fact]
    public void ModuleWeightsMoveThroughAFileWithPyTorchNames()
    {
        var source = new Sequential(new Linear(3, 4, random: new Random(1)), new Tanh(), new Linear(4, 2, random: new Random(2)));
        var target = new Sequential(new Linear(3, 4, random: new Random(3)), new Tanh(), new Linear(4, 2, random: new Random(4)));
        using var stream = new MemoryStream();
        SafeTensors.Save(source.StateDict(), stream);
        stream.Position = 0;
        var loaded = SafeTensors.Load(stream);
        Assert.Equal(new[] { "0.bias", "0.weight", "2.bias", "2.weight" }, loaded.Keys.Order(StringComparer.Ordinal));
        target.LoadStateDict(loaded);
        var x = Tensor.Randn([5, 3], new Random(5));
        Assert.Equal(source.Forward(x).ToArray(), target.Forward(x).ToArray());
    }

    [Fact]
    public void ModuleSaveAndLoadRoundTripThroughAFileBitExactly()
    {
        var source = new Sequential(new Linear(3, 4, random: new Random(1)), new Tanh(), new Linear(4, 2, random: new Random(2)));
        var target = new Sequential(new Linear(3, 4, random: new Random(3)), new Tanh(), new Linear(4, 2, random: new Random(4)));
        var path = Path.Combine(Path.GetTempPath(), $"autograd-{Guid.NewGuid():N}.safetensors");
        try
        {
            source.Save(path);
            target.Load(path);
        }
        finally { File.Delete(path); }
        foreach (var (name, value) in source.StateDict())
            Assert.Equal(value.ToArray(), target.StateDict()[name].ToArray());
        Assert.Throws<ArgumentException>(() =>
        {
            var other = Path.Combine(Path.GetTempPath(), $"autograd-{Guid.NewGuid():N}.safetensors");
            try { new Linear(2, 2).Save(other); target.Load(other); }
            finally { File.Delete(other); }
        });
    }

    [Fact]
    public void SaveRejectsBadArguments()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentNullException>(() => SafeTensors.Save(null!, stream));
        Assert.Throws<ArgumentNullException>(() => SafeTensors.Save(new Dictionary<string, Tensor>(), (Stream)null!));
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Zeros(1) }, stream)).Message);
        Assert.Contains("'x' is null", Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(new Dictionary<string, Tensor> { ["x"] = null! }, stream)).Message);
        Assert.Equal(0, stream.Length);
    }
}
