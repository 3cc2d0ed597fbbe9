using CountRegression.Data;
using CountRegression.Runs;

namespace Autograd.Tests.Examples;

/// <summary>The loaders reject bad count columns and empty files with an <see cref="InvalidDataException"/> (exit 3) naming file, line and column.</summary>
public class CountDataValidationTests
{
    private const string Awards = "awards/poisson_sim.csv";
    private const string Bike = "bike-sharing/hour.csv";
    private const int BikeTrainLine = 5, BikeTestLine = 17000;

    [SkippableTheory]
    [InlineData("-1", "negative")]
    [InlineData("0.5", "not a whole number")]
    [InlineData("NaN", "not a finite number")]
    [InlineData("Infinity", "not a finite number")]
    public void AwardsCountThatIsNoCountIsRejectedWithFileLineAndColumn(string value, string complaint)
    {
        using var csv = CorruptCsv.WithCell(Awards, 5, "num_awards", value);
        var e = Assert.Throws<InvalidDataException>(() => LoadAwards(csv.Path));
        AssertNames(e.Message, csv.Path, "line 5", "'num_awards'", complaint);
    }

    [SkippableTheory]
    [InlineData(BikeTrainLine, "-3", "negative")]
    [InlineData(BikeTestLine, "-3", "negative")]
    [InlineData(BikeTestLine, "0.5", "not a whole number")]
    [InlineData(BikeTrainLine, "1e400", "not a finite number")]
    public void BikeCountThatIsNoCountIsRejectedInTrainingAndTestRows(int line, string value, string complaint)
    {
        using var csv = CorruptCsv.WithCell(Bike, line, "cnt", value);
        bool testPeriod = string.CompareOrdinal(csv.Cell(line, "dteday"), "2012-07-01") >= 0;
        Assert.Equal(line == BikeTestLine, testPeriod);
        var e = Assert.Throws<InvalidDataException>(() => BikeData.Load(csv.Path));
        AssertNames(e.Message, csv.Path, $"line {line}", "'cnt'", complaint);
    }

    [SkippableFact]
    public void BikeDateThatIsNoDateIsRejectedWithFileLineAndColumn()
    {
        using var csv = CorruptCsv.WithCell(Bike, BikeTrainLine, "dteday", "2011-13-01");
        var e = Assert.Throws<InvalidDataException>(() => BikeData.Load(csv.Path));
        AssertNames(e.Message, csv.Path, $"line {BikeTrainLine}", "'dteday'", "yyyy-MM-dd");
    }

    [SkippableTheory]
    [InlineData(Awards)]
    [InlineData(Bike)]
    public void HeaderWithoutRowsIsRejected(string relative)
    {
        using var csv = CorruptCsv.HeaderOnly(relative);
        var e = Assert.Throws<InvalidDataException>(() => Load(relative, csv.Path));
        AssertNames(e.Message, csv.Path, "line 2", "no data rows");
    }

    [Theory]
    [InlineData(Awards)]
    [InlineData(Bike)]
    public void EmptyFileIsRejected(string relative)
    {
        using var csv = CorruptCsv.Empty(relative);
        var e = Assert.Throws<InvalidDataException>(() => Load(relative, csv.Path));
        AssertNames(e.Message, csv.Path, "line 1", "empty");
    }

    [SkippableFact]
    public void LineNumbersCountBlankLinesAndTheHeader()
    {
        var lines = File.ReadAllLines(SharedData.Require(Awards)).ToList();
        lines.Insert(2, ""); // a blank line 3: the first data row stays line 2, the fifth becomes line 7
        var fields = lines[6].Split(',');
        fields[^1] = "-2";
        lines[6] = string.Join(',', fields);
        using var csv = CorruptCsv.FromLines("poisson_sim.csv", lines);
        var e = Assert.Throws<InvalidDataException>(() => LoadAwards(csv.Path));
        AssertNames(e.Message, csv.Path, "line 7", "'num_awards'", "negative");
    }

    private static object Load(string relative, string path) =>
        relative == Awards ? LoadAwards(path) : BikeData.Load(path).Train;

    private static GlmDesign LoadAwards(string path) => GlmDesign.Build(CsvTable.Read(path), AwardsRun.Spec);

    private static void AssertNames(string message, params string[] parts)
    {
        foreach (var part in parts) Assert.Contains(part, message, StringComparison.Ordinal);
    }
}
