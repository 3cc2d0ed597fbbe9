using System.Globalization;

namespace Autograd.Testing;

/// <summary>
/// Where an op's input values may lie: how to draw them, whether a value belongs, and how to shrink one toward simple
/// values (0, 1, small integers, halves, then fewer decimals) without leaving the domain.
/// Example: <c>GradProperty.Holds(x =&gt; x[0].Log(), Domain.Positive)</c>.
/// </summary>
public sealed class Domain
{
    /// <summary>Values tried first when shrinking, simplest first; only those inside the domain and simpler than the value are used.</summary>
    private static readonly double[] SimpleValues = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1.5, -1.5, 0.25, 0.75];

    private const int Grid = 1 << 20;
    private readonly double _low, _high;
    private readonly Func<double, bool> _contains;
    private readonly Func<double, double> _place;

    private Domain(string name, double low, double high, Func<double, bool> contains, Func<double, double> place, bool differentiable)
    {
        Name = name;
        (_low, _high) = (low, high);
        _contains = contains;
        _place = place;
        IsDifferentiable = differentiable;
    }

    /// <summary>A readable name, e.g. <c>Real(-2, 2)</c>; shown in failure reports. Example: <c>Domain.Positive.Name</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether inputs from this domain are differentiated (true for every domain but <see cref="Counts"/>, whose integer
    /// inputs are data such as targets). Example: <c>Domain.Counts(5).IsDifferentiable</c> is false.
    /// </summary>
    public bool IsDifferentiable { get; }

    /// <summary>Reals in [<paramref name="min"/>, <paramref name="max"/>], drawn uniformly. Example: <c>Domain.Real(-2, 2)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">min or max is not finite, or min &gt; max.</exception>
    public static Domain Real(double min, double max)
    {
        if (!double.IsFinite(min)) throw new ArgumentOutOfRangeException(nameof(min), min, "min must be finite.");
        if (!double.IsFinite(max) || max < min) throw new ArgumentOutOfRangeException(nameof(max), max, $"max must be finite and at least min = {min.ToString(CultureInfo.InvariantCulture)}.");
        return new Domain(Format($"Real({min}, {max})"), min, max, x => x >= min && x <= max, x => x, true);
    }

    /// <summary>
    /// Positive reals, drawn in [0.05, 5] (log, sqrt, reciprocals); shrinks toward 1, 2, 0.5 and never reaches 0.
    /// Example: <c>Domain.Positive</c>.
    /// </summary>
    public static Domain Positive { get; } = new("Positive", 0.05, 5, x => x > 0 && double.IsFinite(x), x => x, true);

    /// <summary>
    /// Probabilities, drawn in [0.02, 0.98]; strictly inside (0, 1), so log p and log(1 − p) stay finite; shrinks toward 0.5.
    /// Example: <c>Domain.Probability</c>.
    /// </summary>
    public static Domain Probability { get; } = new("Probability", 0.02, 0.98, x => x > 0 && x < 1, x => x, true);

    /// <summary>
    /// Integer counts 0..<paramref name="max"/> (targets of a Poisson loss); not differentiated. Shrinks toward 0.
    /// Example: <c>Domain.Counts(10)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">max is negative.</exception>
    public static Domain Counts(int max)
    {
        if (max < 0) throw new ArgumentOutOfRangeException(nameof(max), max, "max must be non-negative.");
        return new Domain(Format($"Counts({max})"), 0, max + 1 - 1e-9, x => x >= 0 && x <= max && x == Math.Floor(x), Math.Floor, false);
    }

    /// <summary>
    /// Reals in [<paramref name="min"/>, <paramref name="max"/>] at least <paramref name="margin"/> away from every one of
    /// <paramref name="points"/>: the kinks of relu, abs and clamp, where finite differences straddle the kink.
    /// A value drawn too close is pushed out to the nearer side of the excluded interval.
    /// Example: <c>Domain.AwayFrom([0], 0.1)</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">points is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">margin is not positive and finite, a point or a bound is not finite, or min &gt; max.</exception>
    /// <exception cref="ArgumentException">The excluded intervals cover all of [min, max].</exception>
    public static Domain AwayFrom(double[] points, double margin, double min = -3, double max = 3)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!(margin > 0) || !double.IsFinite(margin)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "margin must be positive and finite.");
        foreach (var p in points)
            if (!double.IsFinite(p)) throw new ArgumentOutOfRangeException(nameof(points), p, "Every point must be finite.");
        var real = Real(min, max);
        var kinks = (double[])points.Clone();
        bool Contains(double x) => real._contains(x) && kinks.All(p => Math.Abs(x - p) >= margin);
        double Place(double x)
        {
            // Push out of each excluded interval; a few rounds settle overlapping intervals, the domain check catches the rest.
            for (int round = 0; round <= kinks.Length; round++)
                foreach (var p in kinks)
                    if (Math.Abs(x - p) < margin)
                    {
                        double down = p - margin, up = p + margin;
                        x = (x < p && down >= min) || up > max ? down : up;
                    }
            return x;
        }
        var probe = Enumerable.Range(0, 1001).Select(i => min + (max - min) * i / 1000.0).Append(max);
        if (!probe.Any(Contains) && !probe.Select(Place).Any(Contains))
            throw new ArgumentException(Format($"AwayFrom: every value of [{min}, {max}] lies within {margin} of one of [{string.Join(", ", kinks)}]."), nameof(points));
        return new Domain(Format($"AwayFrom([{string.Join(", ", kinks)}], {margin}, {min}, {max})"), min, max, Contains, Place, true);
    }

    /// <summary>Whether <paramref name="x"/> lies in the domain. Example: <c>Domain.Positive.Contains(0)</c> is false.</summary>
    public bool Contains(double x) => _contains(x);

    /// <summary>
    /// Draws values of the domain (on a grid of 2²⁰ points over its drawing range, never outside the domain).
    /// Example: <c>Domain.Real(-1, 1).Values.Sample(10, 5)</c>.
    /// </summary>
    public Gen<double> Values => Gen.Choose(0, Grid).Select(i => _place(_low + (_high - _low) * i / Grid)).Where(_contains);

    /// <summary>
    /// Simpler values inside the domain, simplest first: the simple values 0, ±1, ±2, ±½, ±3, ±1.5, ¼, ¾, then
    /// <paramref name="x"/> with fewer decimals. "Simpler" is strict (fewer decimals, then smaller magnitude, then positive),
    /// so shrinking always ends. Example: <c>Domain.Real(-3, 3).Shrink(2.7183)</c> starts with 0, 1, -1, 2, -2.
    /// </summary>
    public IEnumerable<double> Shrink(double x)
    {
        var key = Simplicity(x);
        var seen = new HashSet<double>();
        var candidates = SimpleValues.Concat(Enumerable.Range(0, Math.Min(key.Decimals, 15)).Select(d => Math.Round(x, d)))
            .Concat([Math.Truncate(x)]);
        foreach (var c in candidates)
            if (Contains(c) && seen.Add(c) && Simplicity(c).CompareTo(key) < 0) yield return c;
    }

    /// <summary>(decimals needed, magnitude, negative): the order shrinking descends.</summary>
    private static (int Decimals, double Magnitude, bool Negative) Simplicity(double x)
    {
        int decimals = 0;
        while (decimals < 15 && Math.Round(x, decimals) != x) decimals++;
        return (decimals, Math.Abs(x), x < 0);
    }

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The domain's <see cref="Name"/>. Example: <c>Domain.Real(0, 1).ToString()</c> is <c>Real(0, 1)</c>.</summary>
    public override string ToString() => Name;
}
