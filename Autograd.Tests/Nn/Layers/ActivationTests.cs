using Autograd.Nn;

namespace Autograd.Tests.Nn.Layers;

/// <summary>ReLU, Sigmoid, Tanh and Softplus against closed forms and finite differences.</summary>
public class ActivationTests
{
    private static readonly double[] Points = [-3.1, -0.7, -0.05, 0.2, 1.3, 4.2];

    public static TheoryData<string, Module, Func<double, double>> Activations() => new()
    {
        { "ReLU", new ReLU(), x => Math.Max(x, 0) },
        { "Sigmoid", new Sigmoid(), x => 1 / (1 + Math.Exp(-x)) },
        { "Tanh", new Tanh(), Math.Tanh },
        { "Softplus", new Softplus(), x => Math.Log(1 + Math.Exp(x)) },
        { "Softplus(β = 2)", new Softplus(beta: 2), x => Math.Log(1 + Math.Exp(2 * x)) / 2 },
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void ValuesMatchTheClosedFormAndGradCheckPasses(string name, Module activation, Func<double, double> f)
    {
        var y = activation.Forward(Tensor.FromArray(Points, [2, 3]));
        Assert.Equal([2, 3], y.Shape);
        for (int i = 0; i < Points.Length; i++) Assert.Equal(f(Points[i]), y.Span[i], 1e-15);
        var result = GradCheck.Check(t => activation.Forward(t[0]), [Tensor.FromArray(Points, [2, 3], requiresGrad: true)]);
        Assert.True(result.Passed, $"{name}: {result}");
        Assert.Empty(activation.Parameters());
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void SoftplusGradientIsSigmoidOfBetaXEverywhereIncludingZero(double beta)
    {
        double[] xs = [-50, -2, -1e-300, 0, 1e-300, 0.3, 6];
        var x = Tensor.FromArray(xs, requiresGrad: true);
        new Softplus(beta).Forward(x).Sum().Backward();
        for (int i = 0; i < xs.Length; i++)
            Assert.Equal(1 / (1 + Math.Exp(-beta * xs[i])), x.Grad!.Span[i], 1e-15);
    }

    [Fact]
    public void SoftplusNeverOverflowsAndIsLinearAboveTheThreshold()
    {
        var x = Tensor.FromArray([-800, -30, 19.9, 20.1, 800], requiresGrad: true);
        var y = new Softplus().Forward(x);
        // log(1 + e⁻⁸⁰⁰) underflows to 0 in double; log(1 + e⁻³⁰) = 9.357622968840175e-14 to double precision.
        Assert.Equal(0.0, y.Span[0]);
        Assert.Equal(9.357622968840175e-14, y.Span[1], 1e-16 * 2);
        Assert.Equal(19.9 + Math.Log(1 + Math.Exp(-19.9)), y.Span[2], 1e-14);
        Assert.Equal(20.1, y.Span[3]);
        Assert.Equal(800.0, y.Span[4]);
        y.Sum().Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.True(double.IsFinite(g)));
        Assert.Equal(1.0, x.Grad!.Span[4]);
    }

    [Fact]
    public void SoftplusHasCorrectSecondDerivatives()
    {
        var x = Tensor.FromArray([-2.5, -0.4, 0.6, 3.0], requiresGrad: true);
        var result = GradCheck.CheckSecondOrder(t => Functional.Softplus(t[0], beta: 1.5), [x]);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void SoftplusSettingsAreValidated()
    {
        var softplus = new Softplus(beta: 2, threshold: 10);
        Assert.Equal((2.0, 10.0), (softplus.Beta, softplus.Threshold));
        Assert.Equal((1.0, 20.0), (new Softplus().Beta, new Softplus().Threshold));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(beta: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(beta: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(beta: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(beta: double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(threshold: double.NaN));
    }

    [Fact]
    public void NullInputsAreRejected()
    {
        foreach (var activation in new Module[] { new ReLU(), new Sigmoid(), new Tanh(), new Softplus() })
            Assert.Throws<ArgumentNullException>(() => activation.Forward(null!));
    }
}
