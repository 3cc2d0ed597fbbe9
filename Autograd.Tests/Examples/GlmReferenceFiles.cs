using System.Text.Json;
using CountRegression.Cli;

namespace Autograd.Tests.Examples;

/// <summary>
/// The test data GlmReference/visits.csv and R's fits of it (reference.json, r_summaries.txt), all made by
/// GlmReference/make_reference.R; and a way to run the example in-process on a CSV.
/// </summary>
internal static class GlmReferenceFiles
{
    public static string Folder => Path.Combine(ReadmeTests.RepoRoot(), "Autograd.Tests", "Examples", "GlmReference");

    public static string Visits => Path.Combine(Folder, "visits.csv");

    /// <summary>R's figures of one fit ("exposure", "offset" or "defaults"), in the JSON layout of --json.</summary>
    public static JsonElement Reference(string fit)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        return doc.RootElement.GetProperty(fit).Clone();
    }

    /// <summary>The lines R printed for the summary of the fit whose call contains <paramref name="formula"/>, from "Coefficients:" to "AIC".</summary>
    public static string[] RSummary(string formula)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "r_summaries.txt"));
        int call = Array.FindIndex(lines, l => l.Contains(formula, StringComparison.Ordinal));
        Assert.True(call >= 0, $"no summary of {formula}");
        int start = Array.FindIndex(lines, call, l => l.StartsWith("Coefficients:", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, start, l => l.StartsWith("AIC:", StringComparison.Ordinal));
        return lines[start..(end + 1)];
    }

    /// <summary>Runs the whole program with <paramref name="args"/>; returns the exit code, standard output and error.</summary>
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CountRegressionApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
