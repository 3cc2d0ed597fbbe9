using Autograd.Nn;

namespace Autograd.Tests.Nn.Layers;

/// <summary>
/// The stateless twins of the activation and dropout modules, as in <c>torch.nn.functional</c>: the same values and
/// gradients as the modules, bit for bit, because the modules delegate to them.
/// </summary>
public class FunctionalActivationTests
{
    private static readonly double[] Points = [-800, -3.1, -0.7, -0.0, 0, 0.2, 1.3, 4.2, 800];

    public static TheoryData<string, Module, Func<Tensor, Tensor>> Twins() => new()
    {
        { "ReLU", new ReLU(), Functional.Relu },
        { "Sigmoid", new Sigmoid(), Functional.Sigmoid },
        { "Tanh", new Tanh(), Functional.Tanh },
    };

    /// <summary>Output and input gradient of <paramref name="f"/> at the test points, shape [3, 3].</summary>
    private static (double[] Value, double[] Grad) Run(Func<Tensor, Tensor> f)
    {
        var x = Tensor.FromArray(Points, [3, 3], requiresGrad: true);
        var y = f(x);
        Assert.Equal([3, 3], y.Shape);
        (y * Tensor.FromArray([1.0, -2, 0.5, 3, 1, -1, 0.25, 2, -0.5], [3, 3])).Sum().Backward();
        return (y.ToArray(), x.Grad!.ToArray());
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public void EachActivationEqualsItsModuleInValueAndGradient(string name, Module module, Func<Tensor, Tensor> functional)
    {
        var (moduleValue, moduleGrad) = Run(module.Forward);
        var (value, grad) = Run(functional);
        Assert.Equal(moduleValue, value);
        Assert.Equal(moduleGrad, grad);
        Assert.True(GradCheck.Check(t => functional(t[0]), [Tensor.FromArray([-1.3, 0.4, 2.2], requiresGrad: true)]).Passed, name);
    }

    [Fact]
    public void ActivationsMatchTheirClosedForms()
    {
        var x = Tensor.FromArray([-2.0, 0.5, 3.0]);
        Assert.Equal([0.0, 0.5, 3.0], Functional.Relu(x).ToArray());
        Assert.Equal([1 / (1 + Math.Exp(2.0)), 1 / (1 + Math.Exp(-0.5)), 1 / (1 + Math.Exp(-3.0))], Functional.Sigmoid(x).ToArray(), new Tolerance(1e-15));
        Assert.Equal([Math.Tanh(-2.0), Math.Tanh(0.5), Math.Tanh(3.0)], Functional.Tanh(x).ToArray(), new Tolerance(1e-15));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void DropoutWithTheModulesSeedGivesTheModulesMaskAndGradient(double p)
    {
        var module = new Dropout(p, new Random(42));
        var random = new Random(42);
        for (int call = 0; call < 3; call++)
        {
            var (moduleValue, moduleGrad) = Run(module.Forward);
            var (value, grad) = Run(x => Functional.Dropout(x, p, training: true, random));
            Assert.Equal(moduleValue, value);
            Assert.Equal(moduleGrad, grad);
        }
    }

    [Fact]
    public void DropoutOutsideTrainingIsTheIdentityLikeTheModuleInEvalMode()
    {
        var x = Tensor.FromArray(Points, requiresGrad: true);
        Assert.Same(x, Functional.Dropout(x, 0.9, training: false, new Random(1)));
        var module = new Dropout(0.9, new Random(1));
        module.Eval();
        Assert.Same(x, module.Forward(x));
    }

    [Fact]
    public void DropoutDefaultsArePyTorchsAndTheSharedGeneratorDropsAboutP()
    {
        // F.dropout(x) is p = 0.5 in training; without a generator the draws come from Random.Shared.
        const int n = 100_000;
        var y = Functional.Dropout(Tensor.Ones(n));
        int zeros = y.ToArray().Count(v => v == 0);
        Assert.InRange(zeros, n / 2 - 6 * Math.Sqrt(n / 4.0), n / 2 + 6 * Math.Sqrt(n / 4.0));
        Assert.All(y.ToArray(), v => Assert.True(v == 0 || v == 2));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void DropoutProbabilityOutsideZeroOneIsRejectedAsByTheModule(double p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout(Tensor.Ones(2), p, training: false));
        Assert.Equal("p", e.ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p)).ParamName);
    }

    [Fact]
    public void NullInputsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => Functional.Relu(null!));
        Assert.Throws<ArgumentNullException>(() => Functional.Sigmoid(null!));
        Assert.Throws<ArgumentNullException>(() => Functional.Tanh(null!));
        Assert.Throws<ArgumentNullException>(() => Functional.Dropout(null!));
    }

    /// <summary>Elementwise comparison of doubles to an absolute tolerance.</summary>
    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= epsilon;
        public int GetHashCode(double value) => 0;
    }
}
