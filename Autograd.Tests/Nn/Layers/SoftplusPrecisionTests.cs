using Autograd.Nn;

namespace Autograd.Tests.Nn.Layers;

/// <summary>
/// Softplus to full double precision over its whole range: (1/β)·log1p(e^(βx)) as PyTorch computes it, compared in ulps
/// with values computed independently to 300 bits (mpmath), including the far negative tail where log(1 + e^z)
/// rounds 1 + e^z to 1 and loses everything.
/// </summary>
public class SoftplusPrecisionTests
{
    /// <summary>(x, β, (1/β)·log(1 + e^(βx)) rounded to double), computed with mpmath at 300 bits; βx is exact in double.</summary>
    public static TheoryData<double, double, double> Reference() => new()
    {
        { -745.0, 1.0, 5e-324 },
        { -700.0, 1.0, 9.85967654375977e-305 },
        { -100.0, 1.0, 3.720075976020836e-44 },
        { -40.0, 1.0, 4.248354255291589e-18 },
        { -37.0, 1.0, 8.533047625744066e-17 },
        { -30.0, 1.0, 9.357622968839737e-14 },
        { -25.0, 1.0, 1.3887943864867583e-11 },
        { -20.0, 1.0, 2.061153620314381e-09 },
        { -10.0, 1.0, 4.539889921686465e-05 },
        { -3.0, 1.0, 0.04858735157374206 },
        { -1.0, 1.0, 0.3132616875182228 },
        { -1e-05, 1.0, 0.6931421805724453 },
        { 0.0, 1.0, 0.6931471805599453 },
        { 1e-05, 1.0, 0.6931521805724453 },
        { 0.5, 1.0, 0.9740769841801067 },
        { 3.0, 1.0, 3.048587351573742 },
        { 10.0, 1.0, 10.000045398899218 },
        { 19.9, 1.0, 19.900000002277924 },
        { 20.0, 1.0, 20.000000002061153 },
        { 40.0, 1.0, 40.0 },   // above the threshold: x itself; 40 + 4.2e-18 rounds to 40 anyway
        { -20.0, 2.0, 2.1241771276457944e-18 },
        { -7.5, 2.0, 1.5295113685686024e-07 },
        { 4.0, 2.0, 4.000167703186448 },
        { -80.0, 0.5, 8.496708510583178e-18 },
        { -1.0, 0.5, 0.9481539683602134 },
        { 30.0, 0.5, 30.00000061180455 },
    };

    /// <summary>Distance between two finite doubles in units in the last place (adjacent doubles are 1 apart).</summary>
    private static long Ulps(double a, double b)
    {
        static long Ordered(double v)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            return bits < 0 ? long.MinValue - bits : bits;
        }
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    [Theory]
    [MemberData(nameof(Reference))]
    public void ModuleAndFunctionalAreWithinTwoUlpsOfTheHighPrecisionValue(double x, double beta, double expected)
    {
        double module = new Softplus(beta).Forward(Tensor.FromArray([x])).Item();
        double functional = Functional.Softplus(Tensor.FromArray([x]), beta).Item();
        Assert.True(Ulps(module, expected) <= 2, $"softplus({x}, β = {beta}) = {module:R}, expected {expected:R} ({Ulps(module, expected)} ulps apart)");
        Assert.Equal(module, functional);
    }

    [Property(MaxTest = 300)]
    public Property FarBelowZeroSoftplusIsEToTheX() => Prop.ForAll(
        Gen.Choose(0, 1_000_000).Select(k => -745 + (745 - 37) * k / 1_000_000.0).ToArbitrary(), x =>
        {
            // log1p(u) = u − u²/2 + ...; for u = eˣ < 1e-16 the correction is below half an ulp of u.
            double y = Functional.Softplus(Tensor.FromArray([x])).Item(), expected = Math.Exp(x);
            return (Ulps(y, expected) <= 1).Label($"softplus({x:R}) = {y:R}, eˣ = {expected:R}");
        });

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void TheGradientIsStillSigmoidOfBetaXAndOneAboveTheThreshold(double beta)
    {
        double[] xs = [-400, -40, -20, -1, 0, 1, 9.9, 10.1, 39, 41, 800];
        var x = Tensor.FromArray(xs, requiresGrad: true);
        Functional.Softplus(x, beta).Sum().Backward();
        for (int i = 0; i < xs.Length; i++)
        {
            double expected = beta * xs[i] > 20 ? 1 : 1 / (1 + Math.Exp(-beta * xs[i]));
            Assert.Equal(expected, x.Grad!.Span[i], 1e-15 * Math.Max(expected, 1e-300));
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void SecondOrderGradientsStillFlowThroughTheEngine(double beta)
    {
        var x = Tensor.FromArray([-9.0, -2.5, -0.4, 0.0, 0.6, 3.0], requiresGrad: true);
        var result = GradCheck.CheckSecondOrder(t => Functional.Softplus(t[0], beta), [x]);
        Assert.True(result.Passed, result.ToString());

        // d²/dx² softplus_β(x) = β·σ(βx)(1 − σ(βx)), from a double backward.
        var leaf = Tensor.FromArray([-30.0, -1.0, 2.0], requiresGrad: true);
        var first = Autodiff.Grad(Functional.Softplus(leaf, beta).Sum(), [leaf], createGraph: true)[0]!;
        first.Sum().Backward();
        for (int i = 0; i < 3; i++)
        {
            double s = 1 / (1 + Math.Exp(-beta * leaf.Span[i]));
            Assert.Equal(beta * s * (1 - s), leaf.Grad!.Span[i], 1e-15 * beta * s + 1e-300);
        }
    }

    [Fact]
    public void NaNStaysNaNAndInfinitiesMapToInfinityAndZero()
    {
        var y = Functional.Softplus(Tensor.FromArray([double.NaN, double.PositiveInfinity, double.NegativeInfinity])).ToArray();
        Assert.True(double.IsNaN(y[0]));
        Assert.Equal(double.PositiveInfinity, y[1]);
        Assert.Equal(0.0, y[2]);
    }
}
