using System.Globalization;
using CountRegression.Modeling;
using CountRegression.Runs;
using Spectre.Console;

namespace CountRegression.Reporting;

/// <summary>Writes progress lines and result tables to the console (Spectre.Console; plain text when redirected).</summary>
public static class ConsoleReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One line per epoch: training and validation mean deviance.</summary>
    public static void Epoch(EpochStats stats, int epochs)
    {
        ArgumentNullException.ThrowIfNull(stats);
        AnsiConsole.MarkupLine(Invariant, "epoch {0,3}/{1}  mean Poisson deviance: train {2:F4}  validation {3:F4}", stats.Epoch, epochs, stats.TrainDeviance, stats.ValidationDeviance);
    }

    /// <summary>Learned versus true coefficients and the held-out deviances.</summary>
    public static void Synthetic(SyntheticResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().AddColumns("coefficient", "true", "learned", "|error|");
        foreach (var c in result.Coefficients)
            table.AddRow(c.Term, F(c.Reference, 4), F(c.Learned, 4), Mark(F(c.Error, 4), c.Error <= result.Tolerance));
        AnsiConsole.Write(table);
        var deviance = new Table().AddColumns("model (held-out rows)", "mean Poisson deviance");
        deviance.AddRow("learned Linear + PoissonNLLLoss", F(result.ModelDeviance, 4));
        deviance.AddRow("true coefficients", F(result.TrueModelDeviance, 4));
        deviance.AddRow("mean-only baseline", F(result.BaselineDeviance, 4));
        AnsiConsole.Write(deviance);
        Verdict(result.Recovered, $"every coefficient within {F(result.Tolerance, 2)} of the truth");
    }

    /// <summary>Each figure beside R's, then how Newton ended.</summary>
    public static void Awards(AwardsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AnsiConsole.MarkupLine("Beside R 4.2.2 (../shared/data/README.md); agreement means |difference| ≤ 5E-05:");
        var table = new Table().AddColumns("term", "figure", "R", "Autograd", "|difference|");
        string previous = "";
        foreach (var f in result.Figures)
        {
            table.AddRow(Markup.Escape(f.Term == previous ? "" : f.Term), f.Name, f.Published.ToString("R", Invariant), F(f.Ours, 7),
                Mark(f.Ours == f.Published ? "0" : Math.Abs(f.Ours - f.Published).ToString("0.0E+0", Invariant), f.Agrees));
            previous = f.Term;
        }
        AnsiConsole.Write(table);
        var o = result.Summary.Optimization;
        AnsiConsole.MarkupLine(Invariant, "Newton: {0} iterations, {1} evaluations, max |g| {2}",
            o.Iterations, o.FunctionEvaluations, o.GradientMaxNorm.ToString("0.0E+0", Invariant));
        Verdict(result.AgreesWithR && o.Converged, "agrees with R to 4 decimal places");
    }

    /// <summary>Held-out mean Poisson deviance of the three models, and the plots written.</summary>
    public static void Bike(BikeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AnsiConsole.MarkupLine(Invariant, "{0} train rows, {1} validation, {2} test (Jul–Dec 2012); {3} features",
            result.TrainRows, result.ValidationRows, result.TestRows, result.Features);
        var table = new Table().AddColumns("model", "test mean Poisson deviance");
        table.AddRow("MLP + PoissonNLLLoss (Adam)", F(result.MlpDeviance, 2));
        table.AddRow("Poisson GLM, same features (L-BFGS)", F(result.GlmDeviance, 2));
        table.AddRow("mean-only baseline", F(result.BaselineDeviance, 2));
        AnsiConsole.Write(table);
        foreach (var p in result.Plots) AnsiConsole.MarkupLine("wrote {0}", Markup.Escape(p));
        Verdict(result.Ordered, "MLP beats GLM beats baseline");
    }

    private static void Verdict(bool ok, string claim) =>
        AnsiConsole.MarkupLine(ok ? $"[green]OK[/]: {Markup.Escape(claim)}." : $"[red]FAILED[/]: not {Markup.Escape(claim)}.");

    private static string Mark(string text, bool ok) => ok ? text : $"[red]{text}[/]";

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(Invariant), Invariant);
}
