using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace CountRegression.Reporting;

/// <summary>Headless PNG plots (ScottPlot 5 on SkiaSharp; no display needed).</summary>
public static class Plots
{
    private const int Width = 900, Height = 500;

    /// <summary>Writes <see cref="LossCurvesPlot"/> to <paramref name="directory"/>/<paramref name="fileName"/>; returns the file written.</summary>
    public static string LossCurves(string directory, string fileName, string title, IReadOnlyList<double> train, IReadOnlyList<double> validation,
        IReadOnlyDictionary<string, double> references) =>
        Save(LossCurvesPlot(title, train, validation, references), directory, fileName);

    /// <summary>
    /// Training and validation mean deviance per epoch on a log y-axis (so the first epochs do not squash the rest), with
    /// horizontal lines for <paramref name="references"/>. The plot holds log₁₀ of each value; the tick labels show real values.
    /// </summary>
    public static Plot LossCurvesPlot(string title, IReadOnlyList<double> train, IReadOnlyList<double> validation,
        IReadOnlyDictionary<string, double> references)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(references);
        var plot = new Plot();
        var epochs = Enumerable.Range(1, train.Count).Select(e => (double)e).ToArray();
        plot.Add.Scatter(epochs, train.Select(Math.Log10).ToArray()).LegendText = "training";
        plot.Add.Scatter(epochs, validation.Select(Math.Log10).ToArray()).LegendText = "validation";
        foreach (var (name, value) in references)
        {
            var line = plot.Add.HorizontalLine(Math.Log10(value));
            line.LegendText = name;
            line.LinePattern = LinePattern.Dashed;
        }
        var shown = train.Concat(validation).Concat(references.Values).Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (shown.Length > 0) plot.Axes.Left.TickGenerator = LogTicks.Generator(shown.Min(), shown.Max());
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.5, train.Count + 0.5);
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("mean Poisson deviance (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Writes <see cref="PredictedVersusActualPlot"/> to <paramref name="directory"/>/<paramref name="fileName"/>; returns the file written.</summary>
    public static string PredictedVersusActual(string directory, string fileName, string title, IReadOnlyList<DateTime> times,
        IReadOnlyList<double> actual, IReadOnlyDictionary<string, double[]> predictions) =>
        Save(PredictedVersusActualPlot(title, times, actual, predictions), directory, fileName);

    /// <summary>
    /// Actual counts beside each model's predicted means, hour by hour: y from 0, one ISO-dated tick per midnight
    /// (culture-invariant, weekday below), and the legend below the plot so it covers no data.
    /// </summary>
    public static Plot PredictedVersusActualPlot(string title, IReadOnlyList<DateTime> times, IReadOnlyList<double> actual,
        IReadOnlyDictionary<string, double[]> predictions)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predictions);
        if (times.Count == 0) throw new ArgumentException("Need at least one hour to plot.", nameof(times));
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
        plot.Axes.Bottom.TickGenerator = DayTicks(times[0], times[^1]);
        double top = actual.Concat(predictions.Values.SelectMany(p => p)).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, Math.Max(top, 1) * 1.05);
        plot.Title(title);
        plot.XLabel(times[0].Year == times[^1].Year ? $"date ({times[0].Year}, hourly)" : "date (hourly)");
        plot.YLabel("rentals per hour");
        plot.ShowLegend(Edge.Bottom).Legend.Orientation = Orientation.Horizontal;
        return plot;
    }

    /// <summary>A labelled tick at each midnight from <paramref name="first"/> to the midnight after <paramref name="last"/>, minor ticks every 6 h.</summary>
    private static NumericManual DayTicks(DateTime first, DateTime last)
    {
        var ticks = new NumericManual();
        for (var day = first.Date; day <= last.Date.AddDays(1); day = day.AddDays(1))
        {
            ticks.AddMajor(day.ToOADate(), day.ToString("yyyy-MM-dd'\n'ddd", CultureInfo.InvariantCulture));
            for (int hour = 6; hour < 24; hour += 6) ticks.AddMinor(day.AddHours(hour).ToOADate());
        }
        return ticks;
    }

    private static string Save(Plot plot, string directory, string fileName)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
