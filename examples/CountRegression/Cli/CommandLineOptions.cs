using System.Globalization;

namespace CountRegression.Cli;

/// <summary>Which data set a run fits.</summary>
public enum DatasetKind
{
    /// <summary>Counts drawn from a known Poisson log-linear model; needs no file.</summary>
    Synthetic,
    /// <summary>The UCLA awards file (num_awards ~ prog + math), compared with R's published fit.</summary>
    Awards,
    /// <summary>The UCI bike-sharing hourly file (cnt), MLP versus Poisson GLM versus mean baseline.</summary>
    Bike,
}

/// <summary>The parsed command line of the CountRegression example.</summary>
/// <param name="Dataset">The data set to fit.</param>
/// <param name="CsvPath">The CSV file for awards or bike; null for synthetic.</param>
/// <param name="OutputDirectory">Where plots are written.</param>
/// <param name="Epochs">Epochs of minibatch training, or null for the data set's default.</param>
/// <param name="Seed">Seed for data generation, initialisation and shuffling.</param>
public sealed record CommandLineOptions(DatasetKind Dataset, string? CsvPath, string OutputDirectory, int? Epochs, int Seed);

/// <summary>Outcome of parsing: options, a request for help, or an error message to show with the usage text.</summary>
/// <param name="Options">The options when parsing succeeded.</param>
/// <param name="Error">What was wrong, when parsing failed.</param>
/// <param name="HelpRequested">True for --help / -h.</param>
public sealed record ParseOutcome(CommandLineOptions? Options, string? Error, bool HelpRequested);

/// <summary>A small hand-written parser for the example's few options; every failure is a message, never an exception.</summary>
public static class CommandLineParser
{
    /// <summary>The usage text printed for --help and after any command-line error.</summary>
    public const string Usage = """
        Usage: dotnet run --project examples/CountRegression -- [options]

          --dataset NAME   synthetic (default), awards or bike
          --csv PATH       the data file; required for awards and bike:
                             awards: ../shared/data/awards/poisson_sim.csv
                             bike:   ../shared/data/bike-sharing/hour.csv
          --out DIR        folder for the PNG plots (default ./out)
          --epochs N       epochs of minibatch training (default: 25 synthetic, 30 bike)
          --seed N         random seed (default 42)
          -h, --help       show this text

        Exit codes: 0 = numbers verified, 1 = a check failed, 2 = bad command line, 3 = unreadable data
                    (empty file, bad field, or a count that is negative, fractional or not finite), 4 = internal failure.
        """;

    /// <summary>Parses <paramref name="args"/>; unknown options, missing values and missing files become errors.</summary>
    public static ParseOutcome Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var dataset = DatasetKind.Synthetic;
        string? csv = null;
        string output = "out";
        int? epochs = null;
        int seed = 42;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help") return new ParseOutcome(null, null, true);
            if (name is not ("--dataset" or "--csv" or "--out" or "--epochs" or "--seed"))
                return Fail($"Unknown option '{name}'.");
            if (i + 1 >= args.Count) return Fail($"Option {name} needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--dataset":
                    if (!Enum.TryParse(value, ignoreCase: true, out dataset) || int.TryParse(value, out _))
                        return Fail($"Unknown dataset '{value}': expected synthetic, awards or bike.");
                    break;
                case "--csv": csv = value; break;
                case "--out": output = value; break;
                case "--epochs":
                    if (!TryPositive(value, out int e)) return Fail($"--epochs must be a positive integer, got '{value}'.");
                    epochs = e;
                    break;
                default:
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                        return Fail($"--seed must be an integer, got '{value}'.");
                    break;
            }
        }
        if (dataset == DatasetKind.Synthetic && csv is not null)
            return Fail("--csv applies only to --dataset awards or bike.");
        if (dataset != DatasetKind.Synthetic)
        {
            if (csv is null) return Fail($"--dataset {dataset.ToString().ToLowerInvariant()} needs --csv PATH.");
            if (!File.Exists(csv)) return Fail($"No such file: '{csv}' (full path {Path.GetFullPath(csv)}).");
        }
        return new ParseOutcome(new CommandLineOptions(dataset, csv, output, epochs, seed), null, false);
    }

    private static ParseOutcome Fail(string message) => new(null, message, false);

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;
}
