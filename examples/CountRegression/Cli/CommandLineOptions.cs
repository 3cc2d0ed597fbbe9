using System.Globalization;
using CountRegression.Data;

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
    /// <summary>Any CSV: R's summary(glm(target ~ features + factors, family = poisson, offset = ...)).</summary>
    Csv,
}

/// <summary>The parsed command line of the CountRegression example.</summary>
/// <param name="Dataset">The data set to fit.</param>
/// <param name="CsvPath">The CSV file for awards or bike; null for synthetic.</param>
/// <param name="OutputDirectory">Where plots are written.</param>
/// <param name="Epochs">Epochs of minibatch training, or null for the data set's default.</param>
/// <param name="Seed">Seed for data generation, initialisation and shuffling.</param>
/// <param name="Glm">For --dataset csv: the model's columns; null otherwise.</param>
/// <param name="JsonPath">For csv and awards: where to write the summary figures as JSON, or null.</param>
public sealed record CommandLineOptions(DatasetKind Dataset, string? CsvPath, string OutputDirectory, int? Epochs, int Seed,
    GlmSpec? Glm = null, string? JsonPath = null);

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

          --dataset NAME   synthetic (default), awards, bike or csv
          --csv PATH       the data file; required for awards, bike and csv:
                             awards: ../shared/data/awards/poisson_sim.csv
                             bike:   ../shared/data/bike-sharing/hour.csv
          --target COL     csv: the count column (required)
          --features A,B   csv: numeric columns (default: every column not named by another option)
          --factors C,D    csv: categorical columns, treatment contrasts against the first sorted level
          --offset COL     csv: a column added to the linear predictor as it is
          --exposure COL   csv: a column (> 0) whose log is added to the linear predictor
          --json PATH      csv and awards: also write the summary figures as JSON
          --out DIR        folder for the PNG plots (default ./out)
          --epochs N       epochs of minibatch training (default: 25 synthetic, 30 bike)
          --seed N         random seed (default 42)
          -h, --help       show this text

        Exit codes: 0 = numbers verified (csv: the fit converged), 1 = a check failed, 2 = bad command line (csv: also a
                    column name not in the file), 3 = unreadable data (empty file, bad field, a count that is negative,
                    fractional or not finite, a non-finite offset, an exposure <= 0, a one-level factor, a constant or
                    collinear design), 4 = internal failure.
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
        string? target = null, features = null, factors = null, offset = null, exposure = null, json = null;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help") return new ParseOutcome(null, null, true);
            if (name is not ("--dataset" or "--csv" or "--out" or "--epochs" or "--seed" or "--target" or "--features"
                or "--factors" or "--offset" or "--exposure" or "--json"))
                return Fail($"Unknown option '{name}'.");
            if (i + 1 >= args.Count) return Fail($"Option {name} needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--dataset":
                    if (!Enum.TryParse(value, ignoreCase: true, out dataset) || int.TryParse(value, out _))
                        return Fail($"Unknown dataset '{value}': expected synthetic, awards, bike or csv.");
                    break;
                case "--csv": csv = value; break;
                case "--target": target = value; break;
                case "--features": features = value; break;
                case "--factors": factors = value; break;
                case "--offset": offset = value; break;
                case "--exposure": exposure = value; break;
                case "--json": json = value; break;
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
            return Fail("--csv applies only to --dataset awards, bike or csv.");
        if (dataset != DatasetKind.Csv && (target ?? features ?? factors ?? offset ?? exposure) is not null)
            return Fail("--target, --features, --factors, --offset and --exposure apply only to --dataset csv.");
        if (json is not null && dataset is not (DatasetKind.Csv or DatasetKind.Awards))
            return Fail("--json applies only to --dataset csv or awards.");
        GlmSpec? glm = null;
        if (dataset == DatasetKind.Csv)
        {
            if (target is null) return Fail("--dataset csv needs --target COL, the count column.");
            glm = new GlmSpec(target, features is null ? null : List(features), factors is null ? [] : List(factors), offset, exposure);
            var named = new[] { target, offset, exposure }.OfType<string>().Concat(glm.Factors!).Concat(glm.Features ?? []).ToArray();
            if (named.FirstOrDefault(n => n.Length == 0) is not null) return Fail("An empty column name in --features or --factors.");
            var twice = named.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) return Fail($"Column '{twice.Key}' is named twice among --target, --features, --factors, --offset and --exposure.");
        }
        if (dataset != DatasetKind.Synthetic)
        {
            if (csv is null) return Fail($"--dataset {dataset.ToString().ToLowerInvariant()} needs --csv PATH.");
            if (!File.Exists(csv)) return Fail($"No such file: '{csv}' (full path {Path.GetFullPath(csv)}).");
        }
        return new ParseOutcome(new CommandLineOptions(dataset, csv, output, epochs, seed, glm, json), null, false);
    }

    private static string[] List(string text) => text.Split(',').Select(s => s.Trim()).ToArray();

    private static ParseOutcome Fail(string message) => new(null, message, false);

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;
}
