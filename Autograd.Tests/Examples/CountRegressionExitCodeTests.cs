using CountRegression.Cli;

namespace Autograd.Tests.Examples;

/// <summary>The whole program, run in-process through its entry logic: bad data exits 3 with one readable message.</summary>
public class CountRegressionExitCodeTests
{
    [SkippableTheory]
    [InlineData("awards", "awards/poisson_sim.csv", 5, "num_awards", "-1", "negative")]
    [InlineData("awards", "awards/poisson_sim.csv", 9, "num_awards", "0.5", "not a whole number")]
    [InlineData("bike", "bike-sharing/hour.csv", 5, "cnt", "-3", "negative")]
    [InlineData("bike", "bike-sharing/hour.csv", 17000, "cnt", "-3", "negative")]
    public void BadCountExitsThreeNamingFileLineAndColumn(string dataset, string relative, int line, string column, string value, string complaint)
    {
        using var csv = CorruptCsv.WithCell(relative, line, column, value);
        var (code, error) = Run(dataset, csv.Path);
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, $"line {line}", $"'{column}'", complaint);
    }

    [SkippableTheory]
    [InlineData("awards", "awards/poisson_sim.csv")]
    [InlineData("bike", "bike-sharing/hour.csv")]
    public void HeaderWithoutRowsExitsThree(string dataset, string relative)
    {
        using var csv = CorruptCsv.HeaderOnly(relative);
        var (code, error) = Run(dataset, csv.Path);
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, "line 2", "no data rows");
    }

    [Theory]
    [InlineData("awards")]
    [InlineData("bike")]
    public void EmptyFileExitsThree(string dataset)
    {
        using var csv = CorruptCsv.Empty("data.csv");
        var (code, error) = Run(dataset, csv.Path);
        Assert.Equal(3, code);
        AssertOneMessage(error, csv.Path, "line 1", "empty");
    }

    private static (int Code, string Error) Run(string dataset, string csvPath)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string plots = Path.Combine(Path.GetDirectoryName(csvPath)!, "out");
        int code = CountRegressionApp.Run(["--dataset", dataset, "--csv", csvPath, "--epochs", "1", "--out", plots], output, error);
        Assert.False(Directory.Exists(plots), "bad data must stop the run before any plot is written");
        return (code, error.ToString());
    }

    private static void AssertOneMessage(string error, params string[] parts)
    {
        Assert.StartsWith("error: cannot use the data: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in parts) Assert.Contains(part, error, StringComparison.Ordinal);
    }
}
