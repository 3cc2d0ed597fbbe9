using Autograd.Serialization;
using static Autograd.Tests.Nn.Serialization.SafeTensorsImage;

namespace Autograd.Tests.Nn.Serialization;

/// <summary>Headers that parse as JSON but must still be refused: lone surrogates, repeated fields, absurd ranks.</summary>
public class SafeTensorsHeaderValidationTests
{
    private static InvalidDataException Refused(byte[] file) =>
        Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new MemoryStream(file)));

    // The JSON escapes below are ASCII, so the header is valid UTF-8; only its decoded text is not valid Unicode.
    public static TheoryData<string, string, int> LoneSurrogates => new()
    {
        { "tensor name", "{" + Entry(@"a\ud800", "F64", "[1]", 0, 8) + "}", 8 },
        { "trailing low surrogate in a name", "{" + Entry(@"a\udc00", "F64", "[1]", 0, 8) + "}", 8 },
        { "dtype", "{" + Entry("a", @"F64\ud800", "[1]", 0, 8) + "}", 8 },
        { "metadata key", """{"__metadata__":{"k\ud800":"v"}}""", 0 },
        { "metadata value", """{"__metadata__":{"k":"v\udfff"}}""", 0 },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void AnEscapedLoneSurrogateInANameDtypeOrMetadataIsMalformedData(string label, string header, int dataBytes)
    {
        var error = Refused(Bytes(header, dataBytes));
        Assert.True(error.Message.Contains("surrogate", StringComparison.Ordinal), $"{label}: message was \"{error.Message}\"");
    }

    [Fact]
    public void AnEscapedSurrogatePairIsAValidName()
    {
        var loaded = SafeTensors.Load(new MemoryStream(Bytes("{" + Entry(@"a\ud83d\ude00", "F64", "[1]", 0, 8) + "}", 8)));
        Assert.Equal(0.0, loaded["a\U0001F600"].Item());
    }

    public static TheoryData<string, string> RepeatedFields => new()
    {
        { "dtype", """{"a":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,8]}}""" },
        { "shape", """{"a":{"dtype":"F64","shape":[2],"shape":[1],"data_offsets":[0,8]}}""" },
        { "data_offsets", """{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,16],"data_offsets":[0,8]}}""" },
    };

    [Theory]
    [MemberData(nameof(RepeatedFields))]
    public void AFieldGivenTwiceInOneTensorEntryIsRefused(string field, string header)
    {
        var error = Refused(Bytes(header, 8));
        Assert.Contains("'a'", error.Message);
        Assert.Contains($"'{field}' more than once", error.Message);
    }

    [Fact]
    public void ARepeatedUnknownFieldIsIgnoredLikeAnyUnknownField()
    {
        var loaded = SafeTensors.Load(new MemoryStream(Bytes("""{"a":{"x":1,"dtype":"F64","x":2,"shape":[1],"data_offsets":[0,8]}}""", 8)));
        Assert.Equal(0.0, loaded["a"].Item());
    }

    [Fact]
    public void ATensorNameGivenTwiceIsRefused()
    {
        var entry = Entry("a", "F64", "[1]", 0, 8);
        Assert.Contains("'a' more than once", Refused(Bytes("{" + entry + "," + entry + "}", 8)).Message);
        Assert.Contains("'__metadata__' more than once", Refused(Bytes("""{"__metadata__":{},"__metadata__":{}}""")).Message);
    }

    private static string Ones(int rank) => "[" + string.Join(",", Enumerable.Repeat("1", rank)) + "]";

    [Theory]
    [InlineData(65)]
    [InlineData(1_000_000)]
    public void ARankAbove64IsRefused(int rank)
    {
        var error = Refused(Bytes("{" + Entry("deep", "F64", Ones(rank), 0, 8) + "}", 8));
        Assert.Contains("'deep'", error.Message);
        Assert.Contains($"rank {rank}", error.Message);
        Assert.Contains("64", error.Message);
    }

    [Fact]
    public void Rank64IsLoadedAndPrints()
    {
        var loaded = SafeTensors.Load(new MemoryStream(Bytes("{" + Entry("deep", "F64", Ones(SafeTensors.MaxRank), 0, 8) + "}", 8)));
        Assert.Equal(64, loaded["deep"].Rank);
        Assert.StartsWith("tensor(" + new string('[', 64) + "0" + new string(']', 64), loaded["deep"].ToString());
    }
}
