using Autograd.Kernels;

namespace Autograd.Tests.Core.Kernels;

/// <summary>
/// ExpKernels against the C library's exp and tanh (Math.Exp, Math.Tanh), in units in the last place, over the whole
/// input range; IEEE special values exactly; and each output a function of its own input only, wherever it sits.
/// </summary>
public class ExpKernelsTests
{
    private delegate void Kernel(ReadOnlySpan<double> x, Span<double> d);

    private static readonly (string Name, Kernel Ours, Func<double, double> Reference, long MaxUlps)[] Functions =
    [
        ("exp", ExpKernels.Exp, Math.Exp, 1),
        ("tanh", ExpKernels.Tanh, Math.Tanh, 5),
        // The reference itself rounds three times (exp, add, divide), so allow its error on top of ours.
        ("sigmoid", ExpKernels.Sigmoid, x => 1 / (1 + Math.Exp(-x)), 5),
    ];

    /// <summary>Distance in representable doubles; 0 for equal values and for two NaNs.</summary>
    private static long Ulps(double a, double b)
    {
        if (a.Equals(b)) return 0;
        if (double.IsNaN(a) || double.IsNaN(b)) return long.MaxValue;
        static long Ordered(double v) { long i = BitConverter.DoubleToInt64Bits(v); return i < 0 ? long.MinValue - i : i; }
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    private static double[] Run(Kernel kernel, double[] x)
    {
        var d = new double[x.Length];
        kernel(x, d);
        return d;
    }

    public static TheoryData<double, double> Ranges => new()
    {
        { -1, 1 }, { -1e-8, 1e-8 }, { -40, 40 }, { -745.2, 709.8 }, { 700, 709.78 }, { -745.1, -700 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void AgreesWithTheCLibraryToAFewUlps(double lo, double hi)
    {
        var r = new Random(17);
        var x = Enumerable.Range(0, 20_000).Select(_ => lo + (hi - lo) * r.NextDouble()).ToArray();
        foreach (var (name, ours, reference, maxUlps) in Functions)
        {
            var y = Run(ours, x);
            long worst = x.Select((v, i) => Ulps(y[i], reference(v))).Max();
            Assert.True(worst <= maxUlps, $"{name} on [{lo}, {hi}]: {worst} ulps from the reference (allowed {maxUlps}).");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(709.782712893384)]     // the largest x with finite eˣ
    [InlineData(709.7827128933841)]    // the smallest that overflows
    [InlineData(-745.1332191019411)]   // eˣ is the smallest subnormal
    [InlineData(-745.1332191019412)]   // eˣ rounds to 0
    [InlineData(-740.0)]               // a subnormal result
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(1e-300)]
    public void SpecialValuesAreExactlyTheCLibrarys(double x)
    {
        Assert.True(double.IsNegative(Run(ExpKernels.Tanh, [-0.0])[0]), "tanh(−0) = −0");
        Assert.Equal(Math.Exp(x), Run(ExpKernels.Exp, [x])[0]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Tanh(x)), BitConverter.DoubleToInt64Bits(Run(ExpKernels.Tanh, [x])[0]));   // keeps −0
        Assert.Equal(1 / (1 + Math.Exp(-x)), Run(ExpKernels.Sigmoid, [x])[0], 1e-15);
    }

    private static Gen<double> Inputs => Gen.OneOf(
        Gen.Choose(-800_000, 800_000).Select(i => i / 1000.0),
        Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-310, 750.0, -750.0));

    /// <summary>
    /// The failure this kernel exists to avoid: an element's result must not change with its neighbours (an out-of-range
    /// input beside it) or with where the span starts in memory.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property EachResultDependsOnItsOwnInputOnly() =>
        Prop.ForAll(Inputs.ArrayOf().Where(a => a.Length > 0).ToArbitrary(), Gen.Choose(0, 7).ToArbitrary(), (x, offset) =>
            Functions.All(f =>
            {
                var shifted = new double[x.Length + 8];
                x.CopyTo(shifted, offset);
                var d = new double[shifted.Length];
                f.Ours(shifted.AsSpan(offset, x.Length), d.AsSpan(offset, x.Length));
                return x.Select((v, i) => BitConverter.DoubleToInt64Bits(Run(f.Ours, [v])[0]) == BitConverter.DoubleToInt64Bits(d[offset + i])).All(b => b);
            }));

    /// <summary>With AVX-512 the kernels run 8 lanes at a time, elsewhere 4 or 2: every width must give the same bits.</summary>
    [Property(MaxTest = 100)]
    public Property EveryLaneWidthGivesTheSameBits() =>
        Prop.ForAll(Inputs.ArrayOf().Where(a => a.Length > 0).ToArbitrary(), x =>
            Functions.All(f =>
            {
                var native = new double[x.Length];
                ExpKernels.AtNativeWidth(f.Name, x, native);
                return Run(f.Ours, x).Select(BitConverter.DoubleToInt64Bits).SequenceEqual(native.Select(BitConverter.DoubleToInt64Bits));
            }));
}
