using CountRegression.Data;
using CountRegression.Runs;

namespace Autograd.Tests.Examples;

public class BikeRunTests
{
    private const string Csv = "bike-sharing/hour.csv";

    [SkippableFact]
    public void MlpBeatsGlmBeatsBaselineOnASmallSlice()
    {
        var result = BikeRun.Run(SharedData.Require(Csv),
            new BikeSettings(Epochs: 30, Hidden: 32, TrainRows: 3000, TestRows: 1500, OutputDirectory: null));
        Assert.True(result.MlpDeviance < result.GlmDeviance, $"MLP {result.MlpDeviance}, GLM {result.GlmDeviance}");
        Assert.True(result.GlmDeviance < result.BaselineDeviance, $"GLM {result.GlmDeviance}, baseline {result.BaselineDeviance}");
        Assert.Equal(1500, result.TestRows);
        Assert.Empty(result.Plots);
    }

    [SkippableFact]
    public void SplitIsByDateAndFeaturesNeverIncludeTheTargetsParts()
    {
        var bike = BikeData.Load(SharedData.Require(Csv));
        Assert.Equal(17379, bike.Train.Rows + bike.Test.Rows); // the row count UCI publishes
        Assert.All(bike.TestTimes, t => Assert.True(t >= new DateTime(2012, 7, 1) && t.Year == 2012));
        Assert.DoesNotContain(bike.Train.FeatureNames, n => n.Contains("casual") || n.Contains("registered") || n.Contains("cnt"));
        // 23 + 6 + 11 + 3 + 3 reference-coded indicators and 3 numeric columns.
        Assert.Equal(49, bike.Train.Columns);
        var week = bike.FirstTestWeek();
        Assert.Equal(DayOfWeek.Monday, bike.TestTimes[week[0]].DayOfWeek);
        Assert.True(week.Length is > 150 and <= 168, $"{week.Length} hours in the plotted week");
    }
}
