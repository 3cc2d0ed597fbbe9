using System.Globalization;
using ScottPlot.TickGenerators;

namespace CountRegression.Reporting;

/// <summary>
/// Ticks for a base-10 log axis drawn the ScottPlot 5 way: the plot holds log₁₀(value), and these ticks sit at log₁₀ of
/// round real values (1, 2, 3, 5 × 10ᵏ, labelled with the real value) with unlabelled minor ticks at 1…9 × 10ᵏ.
/// </summary>
public static class LogTicks
{
    private static readonly int[] MajorMantissas = [1, 2, 3, 5];

    /// <summary>
    /// A tick generator covering real values <paramref name="low"/> to <paramref name="high"/> (both &gt; 0), one decade
    /// of margin on each side so the ticks still cover the axis after ScottPlot's own padding.
    /// </summary>
    public static NumericManual Generator(double low, double high)
    {
        if (!(low > 0) || !(high >= low)) throw new ArgumentOutOfRangeException(nameof(low), $"Need 0 < low ≤ high, got {low} and {high}.");
        var generator = new NumericManual();
        foreach (var (value, major) in Values(low / 10, high * 10))
        {
            if (major) generator.AddMajor(Math.Log10(value), Label(value));
            else generator.AddMinor(Math.Log10(value));
        }
        return generator;
    }

    /// <summary>The real values of the ticks from <paramref name="low"/> to <paramref name="high"/>, each marked major or minor.</summary>
    public static IEnumerable<(double Value, bool Major)> Values(double low, double high)
    {
        for (int exponent = (int)Math.Floor(Math.Log10(low)); exponent <= (int)Math.Ceiling(Math.Log10(high)); exponent++)
        {
            double decade = Math.Pow(10, exponent);
            for (int mantissa = 1; mantissa <= 9; mantissa++)
            {
                double value = mantissa * decade;
                if (value >= low && value <= high) yield return (value, MajorMantissas.Contains(mantissa));
            }
        }
    }

    /// <summary>A real value as a tick label: plain digits (invariant culture), no exponent notation for 0.001 … 10⁶.</summary>
    public static string Label(double value) => value.ToString(value is >= 1e-3 and < 1e6 ? "0.###" : "0E+0", CultureInfo.InvariantCulture);
}
