using ScottPlot;

namespace CountRegression.Reporting;

/// <summary>Headless PNG plots (ScottPlot 5 on SkiaSharp; no display needed).</summary>
public static class Plots
{
    private const int Width = 900, Height = 500;

    /// <summary>Training and validation mean deviance per epoch, with horizontal lines for <paramref name="references"/>; returns the file written.</summary>
    public static string LossCurves(string directory, string fileName, string title, IReadOnlyList<double> train, IReadOnlyList<double> validation,
        IReadOnlyDictionary<string, double> references)
    {
        var plot = new Plot();
        var epochs = Enumerable.Range(1, train.Count).Select(e => (double)e).ToArray();
        plot.Add.Scatter(epochs, train.ToArray()).LegendText = "training";
        plot.Add.Scatter(epochs, validation.ToArray()).LegendText = "validation";
        foreach (var (name, value) in references)
        {
            var line = plot.Add.HorizontalLine(value);
            line.LegendText = name;
            line.LinePattern = LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("mean Poisson deviance");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, directory, fileName);
    }

    /// <summary>Actual counts beside each model's predicted means, hour by hour; returns the file written.</summary>
    public static string PredictedVersusActual(string directory, string fileName, string title, IReadOnlyList<DateTime> times,
        IReadOnlyList<double> actual, IReadOnlyDictionary<string, double[]> predictions)
    {
        var plot = new Plot();
        var xs = times.Select(t => t.ToOADate()).ToArray();
        var observed = plot.Add.Scatter(xs, actual.ToArray());
        observed.LegendText = "actual cnt";
        observed.LineWidth = 2;
        observed.MarkerSize = 0;
        observed.Color = Colors.Black;
        foreach (var (name, predicted) in predictions)
        {
            var line = plot.Add.Scatter(xs, predicted);
            line.LegendText = name;
            line.MarkerSize = 0;
        }
        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel("rentals per hour");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, directory, fileName);
    }

    private static string Save(Plot plot, string directory, string fileName)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
