// CountRegression: Poisson regression with Autograd on synthetic data (default), the UCLA awards data or UCI bike sharing.
// The computations live in Runs/; this file parses the command line, shows progress and results, and sets the exit code.
using System.Diagnostics;
using CountRegression.Cli;
using CountRegression.Reporting;
using CountRegression.Runs;

var parsed = CommandLineParser.Parse(args);
if (parsed.HelpRequested)
{
    Console.WriteLine(CommandLineParser.Usage);
    return 0;
}
if (parsed.Options is not { } options)
{
    Console.Error.WriteLine($"error: {parsed.Error}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(CommandLineParser.Usage);
    return 2;
}

var clock = Stopwatch.StartNew();
Console.WriteLine($"CountRegression --dataset {options.Dataset.ToString().ToLowerInvariant()}   {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
try
{
    bool ok;
    switch (options.Dataset)
    {
        case DatasetKind.Awards:
            var awards = AwardsRun.Run(options.CsvPath!);
            ConsoleReport.Awards(awards);
            ok = awards.AgreesWithR;
            break;
        case DatasetKind.Bike:
            var bikeSettings = new BikeSettings(Seed: options.Seed, OutputDirectory: options.OutputDirectory);
            if (options.Epochs is { } be) bikeSettings = bikeSettings with { Epochs = be };
            var bike = BikeRun.Run(options.CsvPath!, bikeSettings, e => ConsoleReport.Epoch(e, bikeSettings.Epochs));
            ConsoleReport.Bike(bike);
            ok = bike.Ordered;
            break;
        default:
            var settings = new SyntheticSettings(Seed: options.Seed);
            if (options.Epochs is { } se) settings = settings with { Epochs = se };
            Console.WriteLine($"{settings.Rows} rows from log μ = b + x·w (5 features, Poisson counts), 75 % train, 25 % held out (the validation column)");
            var synthetic = SyntheticRun.Run(settings, e => ConsoleReport.Epoch(e, settings.Epochs));
            ConsoleReport.Synthetic(synthetic);
            ok = synthetic.Recovered;
            break;
    }
    Console.WriteLine($"finished in {clock.Elapsed.TotalSeconds:F1} s");
    return ok ? 0 : 1;
}
catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: cannot use the data: {e.Message}");
    return 3;
}
