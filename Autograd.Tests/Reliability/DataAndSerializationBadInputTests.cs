using System.Buffers.Binary;
using System.Text;
using Autograd.Data;
using Autograd.Nn;
using Autograd.Serialization;
using static Autograd.Tests.Reliability.Expected;

namespace Autograd.Tests.Reliability;

/// <summary>
/// Wrong calls to DataLoader, SafeTensors and Module.Save/Load: the right exception (InvalidDataException for a malformed
/// file), a message naming the problem, and no tensor or parameter changed. (Random byte mutations of safetensors files are
/// the 10,000-case property in Nn/Serialization tests.)
/// </summary>
public sealed class DataAndSerializationBadInputTests
{
    /// <summary>A safetensors image: the 8-byte little-endian header length, the JSON header, then <paramref name="dataBytes"/> zero bytes.</summary>
    private static MemoryStream Image(string header, int dataBytes = 0, long? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, declaredLength ?? json.Length);
        json.CopyTo(bytes, 8);
        return new MemoryStream(bytes);
    }

    private static Dictionary<string, Tensor> Named(string name, Tensor tensor) => new() { [name] = tensor };

    /// <summary>Writes <paramref name="write"/>'s file to a fresh temporary path, loads it into <paramref name="net"/>, deletes it.</summary>
    private static void LoadFile(Module net, Action<string> write)
    {
        string path = Path.Combine(Path.GetTempPath(), $"autograd-reliability-{Guid.NewGuid():N}.safetensors");
        try
        {
            write(path);
            net.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static MemoryStream Unreadable()
    {
        var stream = new MemoryStream();
        stream.Dispose();
        return stream;
    }

    private static readonly BadInputCatalogue Catalogue = new()
    {
        // DataLoader
        { "DataLoader: null features", f => new DataLoader(null!, f.V, 1), Null("features") },
        { "DataLoader: null targets", f => new DataLoader(f.A, null!, 1), Null("targets") },
        { "DataLoader: scalar features", f => new DataLoader(f.Y, f.V, 1), Argument("features", "[]") },
        { "DataLoader: 2 feature rows, 3 targets", f => new DataLoader(f.A, f.V, 1), Argument("targets", "[2, 3]", "[3]", "2 vs 3") },
        { "DataLoader: batch size 0", f => new DataLoader(f.A, f.Mask, 0), OutOfRange("batchSize", "0") },
        { "DataLoader: batch size -4", f => new DataLoader(f.A, f.Mask, -4, shuffle: true, new Random(1)), OutOfRange("batchSize", "-4") },

        // SafeTensors.Save
        { "SafeTensors.Save: null tensors", f => SafeTensors.Save(null!, new MemoryStream()), Null("tensors") },
        { "SafeTensors.Save: null stream", f => SafeTensors.Save(Named("a", f.A), (Stream)null!), Null("stream") },
        { "SafeTensors.Save: null path", f => SafeTensors.Save(Named("a", f.A), (string)null!), Null("path") },
        { "SafeTensors.Save: a null tensor", f => SafeTensors.Save(Named("a", null!), new MemoryStream()), Argument("tensors", "'a'", "null") },
        { "SafeTensors.Save: a tensor named __metadata__", f => SafeTensors.Save(Named("__metadata__", f.A), new MemoryStream()), Argument("tensors", "__metadata__", "reserved") },
        { "SafeTensors.Save: a null metadata value", f => SafeTensors.Save(Named("a", f.A), new MemoryStream(), new Dictionary<string, string> { ["k"] = null! }), Argument("metadata", "'k'", "null") },

        // SafeTensors.Load
        { "SafeTensors.Load: null stream", f => SafeTensors.Load((Stream)null!), Null("stream") },
        { "SafeTensors.Load: null path", f => SafeTensors.Load((string)null!), Null("path") },
        { "SafeTensors.Load: an unreadable stream", f => SafeTensors.Load(Unreadable()), Argument("stream", "cannot be read") },
        { "SafeTensors.Load: 3 bytes", f => SafeTensors.Load(new MemoryStream([1, 2, 3])), InvalidData("3 bytes", "8-byte") },
        { "SafeTensors.Load: header longer than the file", f => SafeTensors.Load(Image("{}", declaredLength: 1000)), InvalidData("1000", "past the end") },
        { "SafeTensors.Load: header over the size limit", f => SafeTensors.Load(Image("{}", declaredLength: long.MaxValue)), InvalidData("limit") },
        { "SafeTensors.Load: header not JSON", f => SafeTensors.Load(Image("{not json")), InvalidData("JSON") },
        { "SafeTensors.Load: header a JSON array", f => SafeTensors.Load(Image("[1, 2]")), InvalidData("object", "array") },
        { "SafeTensors.Load: unknown dtype", f => SafeTensors.Load(Image("""{"w":{"dtype":"Q7","shape":[1],"data_offsets":[0,8]}}""", 8)), InvalidData("'w'", "Q7") },
        { "SafeTensors.Load: negative dimension", f => SafeTensors.Load(Image("""{"w":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}""", 8)), InvalidData("'w'", "non-negative") },
        { "SafeTensors.Load: offsets shorter than the shape needs", f => SafeTensors.Load(Image("""{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", 8)), InvalidData("'w'", "8 bytes", "16") },
        { "SafeTensors.Load: offsets past the data", f => SafeTensors.Load(Image("""{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", 8)), InvalidData("'w'", "beyond") },
        { "SafeTensors.Load: overlapping tensors", f => SafeTensors.Load(Image("""{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8)), InvalidData("overlap") },

        // Module files
        { "Module.Save: null path", f => f.Net.Save(null!), Null("path") },
        { "Module.Load: null path", f => f.Net.Load(null!), Null("path") },
        { "Module.Load: a file of another architecture", f => LoadFile(f.Net, path => new Linear(3, 5, random: new Random(1)).Save(path)), Argument(null, "missing keys", "0.weight", "unexpected keys") },
        { "Module.Load: a truncated file", f => LoadFile(f.Net, path => File.WriteAllBytes(path, [8, 0, 0])), InvalidData("3 bytes") },
    };

    public static TheoryData<string> Names => Catalogue.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void AWrongCallThrowsTheRightExceptionNamingTheProblemAndChangesNothing(string call) => Catalogue.Verify(call);
}
