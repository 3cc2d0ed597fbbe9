using System.Buffers.Binary;
using System.Text.Json;
using Autograd.Serialization;

namespace Autograd.Tests.Reliability;

/// <summary>
/// Issue 7, item 8: corrupting a valid file in any way yields either <see cref="InvalidDataException"/> or a load that is
/// correct for the bytes present, never another exception, a crash or a huge allocation.
/// </summary>
public class SafeTensorsMutationProperty
{
    public enum Kind { FlipBit, SetByte, SetDigit, Truncate, Extend, HeaderLength, Insert, Delete }

    /// <summary>One corruption; Position and Value are reduced modulo what the current file allows.</summary>
    public sealed record Mutation(Kind Kind, int Position, int Value, ulong Length);

    private static readonly byte[] Original;
    private static readonly int HeaderEnd;
    private static readonly int[] DigitPositions;
    private static readonly Dictionary<string, (int[] Shape, long Begin)> Layout = new(StringComparer.Ordinal);

    static SafeTensorsMutationProperty()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["0.weight"] = Tensor.Randn([2, 3], new Random(3)),
            ["0.bias"] = Tensor.FromArray([double.NaN, -0.0]),
            ["scale"] = Tensor.Scalar(2.5),
            ["none"] = Tensor.Zeros(0, 2),
        };
        using var stream = new MemoryStream();
        SafeTensors.Save(tensors, stream, new Dictionary<string, string> { ["format"] = "pt" });
        Original = stream.ToArray();
        HeaderEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(Original);
        DigitPositions = Enumerable.Range(8, HeaderEnd - 8).Where(i => Original[i] is >= (byte)'0' and <= (byte)'9').ToArray();
        // The layout, read with System.Text.Json directly rather than with the code under test.
        using var header = JsonDocument.Parse(Original.AsMemory(8, HeaderEnd - 8));
        foreach (var entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__"))
            Layout[entry.Name] = (entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
                entry.Value.GetProperty("data_offsets")[0].GetInt64());
    }

    private static Gen<Mutation[]> Mutations()
    {
        var position = Gen.Frequency((3, Gen.Choose(0, HeaderEnd - 1)), (1, Gen.Choose(0, Original.Length - 1)));
        ulong n = (ulong)(HeaderEnd - 8), total = (ulong)Original.Length;
        var length = Gen.OneOf(
            Gen.Elements(0UL, 1UL, 2UL, n - 1, n + 1, n + 8, total - 8, total, 100_000_000UL, 100_000_001UL, 1UL << 32, 1UL << 63, ulong.MaxValue),
            Gen.Choose(0, (int)total + 16).Select(i => (ulong)i),
            Gen.Choose(0, int.MaxValue).Select(i => (ulong)i * 4099));
        var one =
            from kind in Gen.Elements(Enum.GetValues<Kind>())
            from pos in position
            from value in Gen.Choose(0, 255)
            from len in length
            select new Mutation(kind, pos, value, len);
        return Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(one, count));
    }

    private static byte[] Apply(IEnumerable<Mutation> mutations)
    {
        var bytes = new List<byte>(Original);
        foreach (var m in mutations)
        {
            int count = bytes.Count;
            switch (m.Kind)
            {
                case Kind.FlipBit when count > 0: bytes[m.Position % count] ^= (byte)(1 << (m.Value % 8)); break;
                case Kind.SetByte when count > 0: bytes[m.Position % count] = (byte)m.Value; break;
                case Kind.SetDigit:
                    int at = DigitPositions[m.Position % DigitPositions.Length];
                    if (at < count) bytes[at] = (byte)('0' + m.Value % 10);
                    break;
                case Kind.Truncate: bytes.RemoveRange((int)(m.Length % (ulong)(count + 1)), count - (int)(m.Length % (ulong)(count + 1))); break;
                case Kind.Extend: bytes.AddRange(Enumerable.Repeat((byte)m.Value, 1 + m.Position % 24)); break;
                case Kind.HeaderLength when count >= 8:
                    var field = new byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(field, m.Length);
                    for (int i = 0; i < 8; i++) bytes[i] = field[i];
                    break;
                case Kind.Insert: bytes.Insert(m.Position % (count + 1), (byte)m.Value); break;
                case Kind.Delete when count > 0: bytes.RemoveAt(m.Position % count); break;
            }
        }
        return bytes.ToArray();
    }

    [Property(MaxTest = 10_000)]
    public Property CorruptedFilesFailCleanlyOrLoadWhatTheyHold() => Prop.ForAll(Mutations().ToArbitrary(), mutations =>
    {
        var bytes = Apply(mutations);
        Dictionary<string, Tensor> loaded;
        try
        {
            loaded = SafeTensors.Load(new MemoryStream(bytes));
        }
        catch (InvalidDataException e)
        {
            return Prop.Classify(!string.IsNullOrWhiteSpace(e.Message), true, "rejected");
        }
        return Prop.Classify(IsCorrectLoad(bytes, loaded), true, "loaded");
    });

    private static bool IsCorrectLoad(byte[] bytes, Dictionary<string, Tensor> loaded)
    {

        // A load must be self-consistent...
        foreach (var tensor in loaded.Values)
            if (tensor.Count != tensor.Shape.Aggregate(1L, (a, d) => a * d)) return false;

        // ...and when the header is untouched, it must return exactly the (possibly corrupted) data bytes.
        bool headerIntact = bytes.Length == Original.Length && bytes.AsSpan(0, HeaderEnd).SequenceEqual(Original.AsSpan(0, HeaderEnd));
        if (!headerIntact) return true;
        if (loaded.Count != Layout.Count) return false;
        foreach (var (name, (shape, begin)) in Layout)
        {
            var tensor = loaded[name];
            if (!tensor.Shape.SequenceEqual(shape)) return false;
            for (int i = 0; i < tensor.Count; i++)
            {
                long expected = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(HeaderEnd + (int)begin + 8 * i));
                if (BitConverter.DoubleToInt64Bits(tensor.Span[i]) != expected) return false;
            }
        }
        return true;
    }
}
