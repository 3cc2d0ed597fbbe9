using System.Buffers.Binary;
using System.Text;
using Autograd.Serialization;

namespace Autograd.Tests.Nn.Serialization;

public class SafeTensorsMalformedTests
{
    private static byte[] File(string header, int dataBytes, ulong? declaredLength = null) => SafeTensorsImage.Bytes(header, dataBytes, declaredLength);

    private static string Entry(string name, string dtype, string shape, long begin, long end) => SafeTensorsImage.Entry(name, dtype, shape, begin, end);

    private static readonly string A16 = Entry("a", "F64", "[2]", 0, 16);

    public static TheoryData<string, byte[], string> Cases => new()
    {
        { "empty file", [], "shorter than the 8-byte" },
        { "seven bytes", [1, 0, 0, 0, 0, 0, 0], "shorter than the 8-byte" },
        { "header past the end", File("{}", 0, declaredLength: 1000), "runs past the end" },
        { "header length one too many", File("{}", 0, declaredLength: 3), "runs past the end" },
        { "absurd header length", File("{}", 0, declaredLength: ulong.MaxValue), "larger than the 100000000-byte limit" },
        { "header length 2^40", File("{}", 0, declaredLength: 1UL << 40), "limit" },
        { "header not UTF-8", [2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFE], "not valid UTF-8" },
        { "truncated JSON", File("{\"a\":", 0), "not valid JSON" },
        { "trailing comma", File("{" + A16 + ",}", 16), "not valid JSON" },
        { "comment", File("{/* c */}", 0), "not valid JSON" },
        { "deep nesting", File(new string('[', 200) + new string(']', 200), 0), "not valid JSON" },
        { "array root", File("[1,2]", 0), "must be a JSON object" },
        { "string root", File("\"x\"", 0), "must be a JSON object" },
        { "entry not an object", File("{\"a\":5}", 0), "'a' must be described by an object" },
        { "missing dtype", File("{\"a\":{\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "has no 'dtype'" },
        { "dtype not a string", File("{\"a\":{\"dtype\":8,\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "'dtype' that is a JSON number" },
        { "unknown dtype", File("{" + Entry("a", "F63", "[1]", 0, 8) + "}", 8), "unknown dtype 'F63'" },
        { "unsupported dtype", File("{" + Entry("a", "I64", "[1]", 0, 8) + "}", 8), "dtype I64, which is not supported" },
        { "missing shape", File("{\"a\":{\"dtype\":\"F64\",\"data_offsets\":[0,8]}}", 8), "has no 'shape'" },
        { "shape not an array", File("{" + Entry("a", "F64", "2", 0, 16) + "}", 16), "'shape' that is a JSON number" },
        { "negative dimension", File("{" + Entry("a", "F64", "[-1]", 0, 8) + "}", 8), "shape entry -1 that is not a non-negative integer" },
        { "fractional dimension", File("{" + Entry("a", "F64", "[1.5]", 0, 8) + "}", 8), "shape entry 1.5" },
        { "dimension as string", File("{" + Entry("a", "F64", "[\"2\"]", 0, 16) + "}", 16), "not a non-negative integer" },
        { "dimension past int", File("{" + Entry("a", "F64", "[4294967296]", 0, 8) + "}", 8), "larger than 2147483647" },
        { "dimension past u64", File("{" + Entry("a", "F64", "[99999999999999999999999]", 0, 8) + "}", 8), "not a non-negative integer" },
        { "element count overflow", File("{" + Entry("a", "F64", "[2147483647,2147483647,2147483647,2147483647]", 0, 8) + "}", 8), "more elements than an array can hold" },
        { "missing offsets", File("{\"a\":{\"dtype\":\"F64\",\"shape\":[1]}}", 8), "has no 'data_offsets'" },
        { "three offsets", File("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8,16]}}", 8), "exactly two data_offsets" },
        { "negative offset", File("{" + Entry("a", "F64", "[1]", -8, 0) + "}", 8), "data offset -8" },
        { "offsets reversed", File("{" + Entry("a", "F64", "[0]", 8, 0) + "}", 8), "end before they begin" },
        { "byte count does not match shape", File("{" + Entry("a", "F64", "[2]", 0, 8) + "}", 8), "covers 8 bytes, but shape [2] of F64 needs 16" },
        { "F32 byte count", File("{" + Entry("a", "F32", "[3]", 0, 8) + "}", 8), "needs 12" },
        { "offsets beyond the data", File("{" + A16 + "}", 8), "beyond the 8 bytes of data" },
        { "huge offsets", File("{" + Entry("a", "F64", "[1]", long.MaxValue - 8, long.MaxValue) + "}", 8), "beyond the 8 bytes" },
        { "overlap", File("{" + A16 + "," + Entry("b", "F64", "[2]", 8, 24) + "}", 24), "overlap the previous tensor" },
        { "same range twice", File("{" + A16 + "," + Entry("b", "F64", "[2]", 0, 16) + "}", 16), "overlap" },
        { "gap", File("{" + Entry("a", "F64", "[1]", 0, 8) + "," + Entry("b", "F64", "[1]", 16, 24) + "}", 24), "No tensor covers bytes [8, 16)" },
        { "not starting at zero", File("{" + Entry("a", "F64", "[1]", 8, 16) + "}", 16), "[0, 8)" },
        { "trailing bytes", File("{" + Entry("a", "F64", "[1]", 0, 8) + "}", 16), "cover 8 bytes, but 16 bytes of data follow" },
        { "data but no tensors", File("{}", 8), "cover 0 bytes, but 8" },
        { "duplicate name", File("{" + A16 + "," + A16 + "}", 16), "'a' more than once" },
        { "metadata not an object", File("{\"__metadata__\":5}", 0), "must be an object of strings" },
        { "metadata value not a string", File("{\"__metadata__\":{\"k\":1}}", 0), "Metadata 'k' must be a string" },
        { "duplicate metadata key", File("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0), "'k' more than once" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedFilesAreRejectedWithAMessageNamingTheProblem(string label, byte[] file, string fragment)
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new MemoryStream(file)));
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{label}: message was \"{error.Message}\"");
    }

    [Fact]
    public void NullMetadataAndUnknownFieldsAreAccepted()
    {
        // The Python library reads "__metadata__": null as no metadata and ignores fields it does not know.
        var file = File("{\"__metadata__\":null,\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"extra\":true}}", 8);
        var loaded = SafeTensors.Load(new MemoryStream(file), out var metadata);
        Assert.Empty(metadata);
        Assert.Equal([0.0], loaded["a"].ToArray());
    }

    [Fact]
    public void ANonSeekableStreamIsRead()
    {
        var file = File("{" + Entry("a", "F64", "[1]", 0, 8) + "}", 8);
        BinaryPrimitives.WriteDoubleLittleEndian(file.AsSpan(file.Length - 8), 42.0);
        var loaded = SafeTensors.Load(new TrickleStream(file, 3));
        Assert.Equal(42.0, loaded["a"].Item());
    }

    [Fact]
    public void MissingFileIsAnIOError()
    {
        Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.safetensors")));
    }
}
