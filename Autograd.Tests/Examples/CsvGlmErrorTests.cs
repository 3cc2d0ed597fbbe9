namespace Autograd.Tests.Examples;

/// <summary>--dataset csv: bad data exits 3 naming the file, the line (header = line 1) and the column; a bad command line exits 2.</summary>
public class CsvGlmErrorTests
{
    private static readonly string[] Good =
    [
        "y,x,g,t,o",
        "0,1.5,a,1,0.1",
        "2,2.5,b,2,0.2",
        "1,0.5,a,1.5,-0.1",
        "4,3.0,b,3,0",
        "3,2.0,c,2.5,0.3",
        "5,4.0,c,4,0.1",
    ];

    private static readonly string[] Model = ["--target", "y", "--features", "x", "--factors", "g", "--exposure", "t"];

    [Fact]
    public void TheGoodFileFits()
    {
        using var csv = CorruptCsv.FromLines("good.csv", Good);
        var (code, output, error) = GlmReferenceFiles.Run(["--dataset", "csv", "--csv", csv.Path, .. Model, "--offset", "o"]);
        Assert.True(code == 0, error);
        Assert.Contains("gc ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "x", "abc", "not a number")]
    [InlineData(4, "x", "Infinity", "not finite")]
    [InlineData(5, "o", "NaN", "not finite")]
    [InlineData(6, "t", "0", "> 0")]
    [InlineData(2, "t", "-1.5", "> 0")]
    [InlineData(7, "t", "x", "not a number")]
    [InlineData(3, "y", "-1", "negative")]
    [InlineData(4, "y", "1.5", "not a whole number")]
    [InlineData(5, "g", "NA", "missing")]
    [InlineData(3, "g", "", "missing")]
    public void BadValueExitsThreeNamingFileLineAndColumn(int line, string column, string value, string complaint)
    {
        var lines = (string[])Good.Clone();
        int c = Array.IndexOf(lines[0].Split(','), column);
        var fields = lines[line - 1].Split(',');
        fields[c] = value;
        lines[line - 1] = string.Join(',', fields);
        using var csv = CorruptCsv.FromLines("bad.csv", lines);
        var (code, _, error) = GlmReferenceFiles.Run(["--dataset", "csv", "--csv", csv.Path, .. Model, "--offset", "o"]);
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, $"line {line}", $"column '{column}'", complaint);
    }

    [Fact]
    public void AColumnNamedTwiceInTheHeaderExitsThree()
    {
        // Found by review: the last column of the name silently won, and the fit ran on it under the first one's name.
        using var csv = CorruptCsv.FromLines("twice.csv", Good.Select((l, i) => l + (i == 0 ? ",x" : ",9")));
        var (code, _, error) = GlmReferenceFiles.Run("--dataset", "csv", "--csv", csv.Path, "--target", "y", "--features", "x");
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, "line 1", "column 'x'", "twice");
    }

    [Fact]
    public void ConstantFeatureExitsThreeNamingIt()
    {
        using var csv = CorruptCsv.FromLines("constant.csv", Good.Select((l, i) => l + (i == 0 ? ",k" : ",7")));
        var (code, _, error) = GlmReferenceFiles.Run("--dataset", "csv", "--csv", csv.Path, "--target", "y", "--features", "x,k");
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, "column 'k'", "constant", "intercept");
    }

    [Fact]
    public void CollinearDesignExitsThreeNamingTheColumns()
    {
        // z = 2x − 1: a combination of x and the intercept.
        using var csv = CorruptCsv.FromLines("collinear.csv", Good.Select((l, i) =>
            l + (i == 0 ? ",z" : "," + (2 * double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var (code, _, error) = GlmReferenceFiles.Run("--dataset", "csv", "--csv", csv.Path, "--target", "y", "--features", "x,z", "--factors", "g");
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, "collinear", "column 'z'", "'x'", "'(Intercept)'");
        Assert.DoesNotContain("'gb'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FactorLevelsThatRepeatAFeatureAreCollinear()
    {
        // d is 1 exactly where g = b: the indicator gb repeats d.
        using var csv = CorruptCsv.FromLines("dummy.csv", Good.Select((l, i) => l + (i == 0 ? ",d" : l.Split(',')[2] == "b" ? ",1" : ",0")));
        var (code, _, error) = GlmReferenceFiles.Run("--dataset", "csv", "--csv", csv.Path, "--target", "y", "--features", "d", "--factors", "g");
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, "collinear", "column 'gb'", "'d'");
    }

    [Fact]
    public void OneLevelFactorExitsThreeNamingIt()
    {
        using var csv = CorruptCsv.FromLines("onelevel.csv", Good.Select((l, i) => l + (i == 0 ? ",h" : ",same")));
        var (code, _, error) = GlmReferenceFiles.Run("--dataset", "csv", "--csv", csv.Path, "--target", "y", "--features", "x", "--factors", "h");
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, "column 'h'", "single level 'same'");
    }

    [Theory]
    [InlineData("--target", "nope")]
    [InlineData("--features", "x,nope")]
    [InlineData("--factors", "nope")]
    [InlineData("--offset", "nope")]
    [InlineData("--exposure", "nope")]
    public void ColumnNotInTheFileExitsTwoNamingIt(string option, string value)
    {
        using var csv = CorruptCsv.FromLines("good.csv", Good);
        var args = new List<string> { "--dataset", "csv", "--csv", csv.Path };
        if (option != "--target") args.AddRange(["--target", "y"]);
        args.AddRange([option, value]);
        var (code, _, error) = GlmReferenceFiles.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains("no column 'nope'", error, StringComparison.Ordinal);
        Assert.Contains(csv.Path, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dataset", "csv", "--csv", "{0}")]
    [InlineData("--dataset", "csv", "--csv", "{0}", "--target", "y", "--features", "x,y")]
    [InlineData("--dataset", "awards", "--csv", "{0}", "--target", "y")]
    [InlineData("--dataset", "synthetic", "--json", "out.json")]
    [InlineData("--dataset", "csv", "--target", "y")]
    public void BadCommandLineExitsTwo(params string[] template)
    {
        using var csv = CorruptCsv.FromLines("good.csv", Good);
        var (code, _, error) = GlmReferenceFiles.Run(template.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, a, csv.Path)).ToArray());
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    private static void AssertOneMessage(string error, params string[] parts)
    {
        Assert.StartsWith("error: cannot use the data: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in parts) Assert.Contains(part, error, StringComparison.Ordinal);
    }
}
