using System.Diagnostics;
using CountRegression.Data;
using CountRegression.Reporting;
using CountRegression.Runs;

namespace CountRegression.Cli;

/// <summary>
/// The example's entry logic: parses the command line, runs the chosen data set, reports and returns the exit code.
/// Program.cs only forwards to <see cref="Run"/>, so tests can run the whole program in-process.
/// </summary>
public static class CountRegressionApp
{
    /// <summary>
    /// Runs the example with <paramref name="args"/>. The start and finish lines, usage and errors go to
    /// <paramref name="output"/> and <paramref name="error"/>; the result tables go to the console (Spectre.Console).
    /// Returns 0 when the numbers are verified (csv: the fit converged), 1 when a check failed, 2 for a bad command line
    /// (csv: also a column name the file lacks), 3 for unreadable data (a missing or empty file, a bad field, a count that is
    /// negative, fractional or not finite, a non-finite offset, an exposure ≤ 0, a one-level factor, a constant or collinear
    /// design) and 4 for an internal failure.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = CommandLineParser.Parse(args);
        if (parsed.HelpRequested)
        {
            output.WriteLine(CommandLineParser.Usage);
            return 0;
        }
        if (parsed.Options is not { } options)
        {
            error.WriteLine($"error: {parsed.Error}");
            error.WriteLine();
            error.WriteLine(CommandLineParser.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        output.WriteLine($"CountRegression --dataset {options.Dataset.ToString().ToLowerInvariant()}   {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        try
        {
            bool ok = RunDataset(options, output);
            output.WriteLine($"finished in {clock.Elapsed.TotalSeconds:F1} s");
            return ok ? 0 : 1;
        }
        catch (MissingColumnException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine();
            error.WriteLine(CommandLineParser.Usage);
            return 2;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot use the data: {e.Message}");
            return 3;
        }
        catch (Exception e)
        {
            // Never a stack trace: a failure the checks above did not foresee is still one line and its own exit code.
            error.WriteLine($"error: internal failure ({e.GetType().Name}): {e.Message}");
            return 4;
        }
    }

    private static bool RunDataset(CommandLineOptions options, TextWriter output)
    {
        switch (options.Dataset)
        {
            case DatasetKind.Awards:
                var awards = AwardsRun.Run(options.CsvPath!);
                output.Write(GlmSummaryText.Render(awards.Summary));
                if (options.JsonPath is { } awardsJson) GlmJson.Write(awardsJson, awards.Summary);
                ConsoleReport.Awards(awards);
                return awards.AgreesWithR;
            case DatasetKind.Csv:
                var summary = CsvRun.Run(options.CsvPath!, options.Glm!);
                output.Write(GlmSummaryText.Render(summary));
                if (options.JsonPath is { } json) GlmJson.Write(json, summary);
                output.WriteLine(summary.Converged
                    ? $"Newton converged: {summary.Optimization.Message}."
                    : $"FAILED: Newton did not converge ({summary.Optimization.Reason}: {summary.Optimization.Message}).");
                return summary.Converged;
            case DatasetKind.Bike:
                var bikeSettings = new BikeSettings(Seed: options.Seed, OutputDirectory: options.OutputDirectory);
                if (options.Epochs is { } be) bikeSettings = bikeSettings with { Epochs = be };
                var bike = BikeRun.Run(options.CsvPath!, bikeSettings, e => ConsoleReport.Epoch(e, bikeSettings.Epochs));
                ConsoleReport.Bike(bike);
                return bike.Ordered;
            default:
                var settings = new SyntheticSettings(Seed: options.Seed);
                if (options.Epochs is { } se) settings = settings with { Epochs = se };
                output.WriteLine($"{settings.Rows} rows from log μ = b + x·w (5 features, Poisson counts), 75 % train, 25 % held out (the validation column)");
                var synthetic = SyntheticRun.Run(settings, e => ConsoleReport.Epoch(e, settings.Epochs));
                ConsoleReport.Synthetic(synthetic);
                return synthetic.Recovered;
        }
    }
}
