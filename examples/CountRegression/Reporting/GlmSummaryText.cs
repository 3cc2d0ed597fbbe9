using System.Globalization;
using System.Text;
using CountRegression.Modeling;

namespace CountRegression.Reporting;

/// <summary>The coefficient table and fit lines of R's <c>print(summary(glm(..., family = poisson)))</c>, as plain text.</summary>
public static class GlmSummaryText
{
    /// <summary>
    /// Renders <paramref name="summary"/> as R does: the Coefficients table (Estimate, Std. Error, z value, Pr(&gt;|z|), stars),
    /// the signif. codes, the null and residual deviance with their degrees of freedom, AIC and the iteration count.
    /// </summary>
    public static string Render(GlmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var t = summary.Terms;
        var coefficients = RFormat.CoefficientColumns(t.Select(x => x.Estimate).Concat(t.Select(x => x.StdError)).ToArray());
        var columns = new[]
        {
            new[] { "" }.Concat(t.Select(x => x.Name)).ToArray(),
            new[] { "Estimate" }.Concat(coefficients.Take(t.Count)).ToArray(),
            new[] { "Std. Error" }.Concat(coefficients.Skip(t.Count)).ToArray(),
            new[] { "z value" }.Concat(RFormat.ZColumn(t.Select(x => x.Z).ToArray())).ToArray(),
            new[] { "Pr(>|z|)" }.Concat(RFormat.PValues(t.Select(x => x.P).ToArray())).ToArray(),
        };
        var widths = columns.Select(c => c.Max(s => s.Length)).ToArray();
        var text = new StringBuilder("Coefficients:\n");
        for (int row = 0; row <= t.Count; row++)
        {
            var line = new StringBuilder(columns[0][row].PadRight(widths[0]));
            for (int c = 1; c < columns.Length; c++) line.Append(' ').Append(columns[c][row].PadLeft(widths[c]));
            line.Append(' ').Append(row == 0 ? "   " : RFormat.Stars(t[row - 1].P).PadRight(3));
            text.Append(line.ToString()).Append('\n');
        }
        text.Append("---\nSignif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1\n\n");
        text.Append("(Dispersion parameter for poisson family taken to be 1)\n\n");
        var deviances = RFormat.Fixed([summary.NullDeviance, summary.Deviance], 5);
        int dw = deviances.Max(d => d.Length);
        var df = new[] { summary.DfNull, summary.DfResidual }.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
        int fw = df.Max(d => d.Length);
        text.Append($"    Null deviance: {deviances[0].PadLeft(dw)}  on {df[0].PadLeft(fw)}  degrees of freedom\n");
        text.Append($"Residual deviance: {deviances[1].PadLeft(dw)}  on {df[1].PadLeft(fw)}  degrees of freedom\n");
        text.Append($"AIC: {RFormat.Significant(summary.Aic, 5)}\n\n");
        text.Append($"Number of Newton iterations: {summary.Iterations} (from the intercept-only fit; R counts its Fisher scoring iterations from its own start)\n");
        return text.ToString();
    }
}
