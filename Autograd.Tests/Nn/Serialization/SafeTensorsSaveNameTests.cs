using Autograd.Serialization;

namespace Autograd.Tests.Nn.Serialization;

/// <summary>Names and metadata that UTF-8 cannot carry are refused on save instead of being written as something else.</summary>
public class SafeTensorsSaveNameTests
{
    private static readonly Tensor One = Tensor.FromArray([1.0]);

    // Passed by index: xunit stores a theory's string arguments as UTF-8, which turns a lone surrogate into U+FFFD.
    private static readonly string[] BadNames = ["a\uD800", "\uDC00b", "x\uDE00\uD83D"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ATensorNameWithALoneSurrogateIsRefusedAndNothingIsWritten(int which)
    {
        string name = BadNames[which];
        using var stream = new MemoryStream();
        var error = Assert.Throws<ArgumentException>(() => SafeTensors.Save(new Dictionary<string, Tensor> { [name] = One }, stream));
        Assert.Equal("tensors", error.ParamName);
        Assert.Contains("surrogate", error.Message);
        Assert.Contains(Escaped(name), error.Message);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void AMetadataKeyOrValueWithALoneSurrogateIsRefused()
    {
        var tensors = new Dictionary<string, Tensor> { ["a"] = One };
        var key = Assert.Throws<ArgumentException>(() => SafeTensors.Save(tensors, new MemoryStream(), new Dictionary<string, string> { ["k\uD800"] = "v" }));
        Assert.Equal("metadata", key.ParamName);
        Assert.Contains(@"k\uD800", key.Message);
        var value = Assert.Throws<ArgumentException>(() => SafeTensors.Save(tensors, new MemoryStream(), new Dictionary<string, string> { ["k"] = "v\uDFFF" }));
        Assert.Equal("metadata", value.ParamName);
        Assert.Contains("'k'", value.Message);
    }

    [Fact]
    public void ARefusedNameCreatesNoFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"autograd-{Guid.NewGuid():N}.safetensors");
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(new Dictionary<string, Tensor> { ["a\uD800"] = One }, path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ANameWithASurrogatePairRoundTrips()
    {
        using var stream = new MemoryStream();
        SafeTensors.Save(new Dictionary<string, Tensor> { ["emoji\U0001F600"] = One }, stream, new Dictionary<string, string> { ["\U0001F600"] = "\U0001F600" });
        stream.Position = 0;
        var loaded = SafeTensors.Load(stream, out var metadata);
        Assert.Equal(1.0, loaded["emoji\U0001F600"].Item());
        Assert.Equal("\U0001F600", metadata["\U0001F600"]);
    }

    private static string Escaped(string text) =>
        string.Concat(text.Select(c => char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
