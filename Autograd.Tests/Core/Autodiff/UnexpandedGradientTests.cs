namespace Autograd.Tests.Core.Autodiff;

/// <summary>
/// Gradients that start as a scalar (from Sum) and meet every kind of consumer: each pattern must get the textbook
/// gradient (checked against finite differences and closed forms). These guarded a since-removed shortcut that passed
/// such gradients on unexpanded; they stay as regression tests for the expand-then-sum-back rule.
/// </summary>
public class UnexpandedGradientTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Randn(shape, new Random(seed), requiresGrad: true);

    public static TheoryData<string> Compositions() =>
    [
        "exp-sub-mean", "broadcast-add", "broadcast-mul-mean", "reshape", "transpose", "matmul", "relu-where", "custom", "div-both",
    ];

    private static Tensor Compose(string name, Tensor[] x) => name switch
    {
        "exp-sub-mean" => (x[0].Exp() - x[1] * x[0]).Mean(),
        "broadcast-add" => (x[0] + x[1]).Sum(),                             // x0 [3, 4], x1 [4]: x1's gradient is 3 per element
        "broadcast-mul-mean" => (x[0].Reshape(3, 1) * x[1].Reshape(1, 4)).Mean(),
        "reshape" => x[0].Exp().Reshape(12).Sum(),
        "transpose" => x[0].Tanh().T.Sum() * 2.0,
        "matmul" => x[0].MatMul(x[1].Reshape(4, 1)).Sum(),
        "relu-where" => (x[0].Relu() + Tensor.Where(x[0] > 0.0, x[0], 1.0)).Sum(),
        "custom" => Function.Elementwise("Cube", v => v * v * v, v => 3 * v * v).Apply(x[0]).Sum(),
        "div-both" => (x[0] / (x[1].Exp() + 1.0)).Sum(),
        _ => throw new ArgumentException(name),
    };

    private static Tensor[] Inputs(string name) => name switch
    {
        "broadcast-mul-mean" => [R(1, 3), R(2, 4)],
        "matmul" => [R(3, 3, 4), R(4, 4)],
        _ => [R(5, 3, 4), R(6, 4)],
    };

    [Theory]
    [MemberData(nameof(Compositions))]
    public void FirstOrderGradientsMatchFiniteDifferences(string name)
    {
        var result = GradCheck.Check(x => Compose(name, x), Inputs(name));
        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [InlineData("exp-sub-mean")]
    [InlineData("broadcast-mul-mean")]
    [InlineData("div-both")]
    public void SecondOrderGradientsMatchFiniteDifferences(string name)
    {
        var result = GradCheck.CheckSecondOrder(x => Compose(name, x), Inputs(name));
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void BroadcastBiasGetsTheCountOfRowsAndRetainedGradientsHaveFullShape()
    {
        var a = Tensor.Zeros([3, 4], requiresGrad: true);
        var b = Tensor.Zeros([4], requiresGrad: true);
        var y = (a + b).Exp();
        y.RetainGrad();
        y.Sum().Backward();
        Assert.Equal([3, 4], y.Grad!.Shape);
        Assert.All(y.Grad.ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(a.Grad!.ToArray(), v => Assert.Equal(1.0, v));   // e⁰ = 1
        Assert.Equal([3.0, 3, 3, 3], b.Grad!.ToArray());             // summed over the 3 rows it was broadcast along
    }
}
