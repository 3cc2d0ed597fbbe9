using System.Globalization;

namespace CountRegression.Reporting;

/// <summary>
/// Numbers formatted as R's <c>format()</c>, <c>printCoefmat</c> and <c>format.pval</c> print them in
/// <c>summary(glm)</c> (fixed notation for the coefficient columns, which R switches to scientific only for extreme values).
/// </summary>
public static class RFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>R's <c>.Machine$double.eps</c>, below which format.pval prints "&lt;2e-16".</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// R's <c>format(values, digits)</c> in fixed notation: one number of decimals for all, the fewest that shows every value
    /// with <paramref name="digits"/> significant digits (trailing zeros dropped), at most <paramref name="maxDecimals"/>.
    /// </summary>
    public static string[] Fixed(IReadOnlyList<double> values, int digits, int maxDecimals = 15)
    {
        ArgumentNullException.ThrowIfNull(values);
        int decimals = 0;
        foreach (double v in values.Where(v => double.IsFinite(v) && v != 0))
            decimals = Math.Max(decimals, Math.Min(maxDecimals, DecimalsFor(v, digits)));
        return values.Select(v => v.ToString("F" + decimals.ToString(Invariant), Invariant)).ToArray();
    }

    /// <summary>R's <c>format(values, digits)</c> in scientific notation: "1.60e-15", one mantissa length for all.</summary>
    public static string[] Scientific(IReadOnlyList<double> values, int digits)
    {
        ArgumentNullException.ThrowIfNull(values);
        int decimals = 0;
        foreach (double v in values.Where(v => double.IsFinite(v) && v != 0))
        {
            string m = v.ToString("E" + (digits - 1).ToString(Invariant), Invariant).Split('E')[0].TrimEnd('0').TrimEnd('.');
            int dot = m.IndexOf('.');
            decimals = Math.Max(decimals, dot < 0 ? 0 : m.Length - dot - 1);
        }
        return values.Select(v =>
        {
            string[] parts = v.ToString("E" + decimals.ToString(Invariant), Invariant).Split('E');
            int exponent = int.Parse(parts[1], Invariant);
            return $"{parts[0]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }).ToArray();
    }

    /// <summary>
    /// printCoefmat's Estimate and Std. Error columns, formatted together: rounded to max(1, digits − dᵢ) decimals with
    /// dᵢ = 1 + ⌊log₁₀⌋ of the smallest and the largest non-zero magnitude, then <see cref="Fixed"/> with <paramref name="digits"/>.
    /// </summary>
    public static string[] CoefficientColumns(IReadOnlyList<double> values, int digits = 4)
    {
        ArgumentNullException.ThrowIfNull(values);
        var magnitudes = values.Where(v => double.IsFinite(v) && v != 0).Select(Math.Abs).ToArray();
        int round = 1;
        if (magnitudes.Length > 0)
            round = Math.Max(1, Math.Max(digits - (1 + Floor10(magnitudes.Min())), digits - (1 + Floor10(magnitudes.Max()))));
        return Fixed(values.Select(v => Math.Round(v, Math.Min(round, 15))).ToArray(), digits, round);
    }

    /// <summary>printCoefmat's z value column: rounded to 3 decimals, then <see cref="Fixed"/> with 4 digits.</summary>
    public static string[] ZColumn(IReadOnlyList<double> values) =>
        Fixed(values.Select(v => Math.Round(v, 3)).ToArray(), 4, 3);

    /// <summary>
    /// R's <c>format.pval(p, digits = 3)</c>: p below the machine epsilon as "&lt;2e-16" (with a space when the other entries
    /// are wider than 6 characters), p ≥ 1e-4 in fixed notation formatted together, the rest in scientific notation together.
    /// </summary>
    public static string[] PValues(IReadOnlyList<double> p, int digits = 3)
    {
        ArgumentNullException.ThrowIfNull(p);
        var result = new string[p.Count];
        var tiny = Enumerable.Range(0, p.Count).Where(i => p[i] < MachineEpsilon).ToArray();
        var rest = Enumerable.Range(0, p.Count).Except(tiny).ToArray();
        var fixedRows = rest.Where(i => p[i] == 0 || Floor10(p[i]) >= -4).ToArray();
        var sciRows = rest.Except(fixedRows).ToArray();
        Fill(result, fixedRows, Fixed(fixedRows.Select(i => p[i]).ToArray(), digits));
        Fill(result, sciRows, Scientific(sciRows.Select(i => p[i]).ToArray(), digits));
        int width = rest.Length > 0 ? rest.Max(i => result[i].Length) : 0;
        string sep = rest.Length == 0 || width <= 6 ? "" : " ";
        foreach (int i in tiny) result[i] = "<" + sep + "2e-16";
        return result;
    }

    /// <summary>R's significance stars: *** p &lt; 0.001, ** &lt; 0.01, * &lt; 0.05, . &lt; 0.1, else a space.</summary>
    public static string Stars(double p) => p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : " ";

    /// <summary>R's <c>format(signif(x, digits))</c>-like rendering of one number: <paramref name="digits"/> significant digits, trailing zeros dropped.</summary>
    public static string Significant(double value, int digits) => Fixed([value], digits)[0];

    private static void Fill(string[] result, int[] rows, string[] text)
    {
        for (int k = 0; k < rows.Length; k++) result[rows[k]] = text[k];
    }

    /// <summary>Decimals needed to show |v| with the given significant digits once trailing zeros are dropped.</summary>
    private static int DecimalsFor(double v, int digits)
    {
        int decimals = Math.Max(0, digits - 1 - Floor10(Math.Abs(v)));
        string text = Math.Round(v, Math.Min(decimals, 15)).ToString("F" + decimals.ToString(Invariant), Invariant);
        while (decimals > 0 && text.EndsWith('0'))
        {
            text = text[..^1];
            decimals--;
        }
        // Rounding can carry into a new leading digit (9.9996 → 10.000): then one decimal fewer shows the digits.
        return decimals;
    }

    private static int Floor10(double v) => (int)Math.Floor(Math.Log10(v));
}
