using CountRegression.Reporting;
using ScottPlot;
using ScottPlot.Panels;

namespace Autograd.Tests.Examples;

public class PlotsTests
{
    [Fact]
    public void LogTicksAreRoundRealValuesWithMinorTicksBetween()
    {
        var ticks = LogTicks.Values(10, 100).ToArray();
        Assert.Equal([10.0, 20, 30, 50, 100], ticks.Where(t => t.Major).Select(t => t.Value));
        Assert.Equal([40.0, 60, 70, 80, 90], ticks.Where(t => !t.Major).Select(t => t.Value));
        Assert.Equal("20", LogTicks.Label(20));
        Assert.Equal("0.5", LogTicks.Label(0.5));
        Assert.Equal("2E+6", LogTicks.Label(2e6));
    }

    [Fact]
    public void LossCurvesPlotLog10OfTheValuesAndLabelTheRealOnes()
    {
        var plot = Plots.LossCurvesPlot("t", [88, 37, 12], [44, 36, 16], new Dictionary<string, double> { ["GLM"] = 39 });
        Render(plot);
        var left = plot.Axes.Left.TickGenerator.Ticks;
        Assert.Contains(left, t => t.IsMajor && t.Label == "20" && Math.Abs(t.Position - Math.Log10(20)) < 1e-12);
        Assert.DoesNotContain(left, t => t.IsMajor && t.Label.Contains('E'));
        var limits = plot.Axes.GetLimits();
        Assert.InRange(limits.Top, Math.Log10(88), 2.1); // the epoch-1 spike fits, without a linear axis's empty top
        Assert.InRange(limits.Bottom, 0.9, Math.Log10(12));
    }

    [Fact]
    public void TestWeekStartsAtZeroWithIsoDatesAnXLabelAndTheLegendBelow()
    {
        var start = new DateTime(2012, 7, 2);
        var times = Enumerable.Range(0, 48).Select(h => start.AddHours(h)).ToArray();
        var actual = times.Select(t => 40.0 + 30 * Math.Sin(t.Hour / 3.8)).ToArray();
        var plot = Plots.PredictedVersusActualPlot("t", times, actual, new Dictionary<string, double[]> { ["MLP"] = actual });
        Render(plot);
        Assert.Equal(0, plot.Axes.GetLimits().Bottom);
        Assert.Equal("date (2012, hourly)", plot.Axes.Bottom.Label.Text);
        var labels = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["2012-07-02\nMon", "2012-07-03\nTue", "2012-07-04\nWed"], labels);
        Assert.Contains(plot.Axes.GetPanels(), p => p is LegendPanel { Edge: Edge.Bottom });
    }

    private static void Render(Plot plot) => plot.GetImageBytes(900, 500, ImageFormat.Png);
}
