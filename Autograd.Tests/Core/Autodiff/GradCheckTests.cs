namespace Autograd.Tests.Core.Autodiff;

public class GradCheckTests
{
    /// <summary>y = x², with a deliberately wrong backward (3x instead of 2x).</summary>
    private sealed class WrongSquare : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
        {
            ctx.SaveForBackward(inputs[0]);
            return inputs[0] * inputs[0];
        }

        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput * ctx.SavedTensors[0] * 3.0];
    }

    [Fact]
    public void DetectsAWrongGradientAndReportsTheWorstEntry()
    {
        var x = Tensor.FromArray([1.0, -2.0, 0.5], [3], requiresGrad: true);
        var result = GradCheck.Check(xs => new WrongSquare().Apply(xs[0]), [x]);
        Assert.False(result.Passed);
        Assert.Equal(0, result.InputIndex);
        Assert.Equal(1, result.ElementIndex);     // |3x − 2x| is largest at x = −2
        Assert.Equal(1, result.OutputIndex);
        Assert.Equal(-6.0, result.Analytic, 9);
        Assert.Equal(-4.0, result.Numeric, 6);
        var ex = Assert.Throws<GradCheckException>(() => GradCheck.Assert(xs => new WrongSquare().Apply(xs[0]), [x]));
        Assert.Contains("input0[1]", ex.Message);
    }

    [Fact]
    public void PassesForACorrectCompositeAndChecksOnlyInputsThatRequireGrad()
    {
        var a = Tensor.FromArray([0.3, 0.7, 1.1, 1.9], [2, 2], requiresGrad: true);
        var b = Tensor.FromArray([1.0, 2.0], [2]);
        var result = GradCheck.Check(xs => (xs[0].MatMul(xs[0]) * xs[1]).Tanh().Sum(), [a, b]);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(0, result.InputIndex);
    }

    [Fact]
    public void LeavesTheCallersTensorsUntouched()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        GradCheck.Check(xs => xs[0].Exp().Sum(), [x]);
        Assert.Equal([1.0, 2.0], x.ToArray());
        Assert.Null(x.Grad);
    }

    [Fact]
    public void SecondOrderCheckCatchesAFirstOrderOnlyOp()
    {
        // The Elementwise shortcut evaluates f′ numerically per element, so it has no second derivative:
        // the second-order check must notice that d/dx of its gradient is missing.
        var cube = Function.Elementwise("Cube", v => v * v * v, v => 3 * v * v);
        var x = Tensor.FromArray([0.5, 1.5], [2], requiresGrad: true);
        Assert.True(GradCheck.Check(xs => cube.Apply(xs[0]), [x]).Passed);
        Assert.False(GradCheck.CheckSecondOrder(xs => cube.Apply(xs[0]), [x]).Passed);
        Assert.True(GradCheck.CheckSecondOrder(xs => xs[0].Pow(3), [x]).Passed);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        Assert.Throws<ArgumentNullException>(() => GradCheck.Check(null!, [x]));
        Assert.Throws<ArgumentNullException>(() => GradCheck.Check(xs => xs[0], null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(xs => xs[0], [x], eps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(xs => xs[0], [x], atol: double.NaN));
    }
}
