namespace Autograd.Tests.Core.Autodiff;

public class FunctionTests
{
    /// <summary>softplus(x) = log(1 + eˣ), computed stably as max(x, 0) + log(1 + e^−|x|); derivative σ(x).</summary>
    private sealed class Softplus : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
        {
            var x = inputs[0];
            ctx.SaveForBackward(x);
            return x.Relu() + ((-x.Abs()).Exp() + 1.0).Log();
        }

        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput * ctx.SavedTensors[0].Sigmoid()];
    }

    [Fact]
    public void CustomFunctionMatchesClosedFormAndPassesGradCheckOfBothOrders()
    {
        var x = Tensor.FromArray([-30, -1.5, 0.2, 2.0, 40], [5], requiresGrad: true);
        var y = new Softplus().Apply(x);
        Assert.Equal("Softplus", y.GradFn);
        double[] expected = [.. x.ToArray().Select(v => v > 0 ? v + Math.Log(1 + Math.Exp(-v)) : Math.Log(1 + Math.Exp(v)))];
        Assert.Equal(expected, y.ToArray(), (a, b) => Math.Abs(a - b) < 1e-14);
        var moderate = Tensor.FromArray([-2.5, -0.3, 0.7, 1.9], [4], requiresGrad: true);
        Assert.True(GradCheck.Check(xs => new Softplus().Apply(xs[0]), [moderate]).Passed);
        var second = GradCheck.CheckSecondOrder(xs => new Softplus().Apply(xs[0]), [moderate]);
        Assert.True(second.Passed, second.ToString());
    }

    [Fact]
    public void ElementwiseShortcutUsesTheGivenDerivative()
    {
        var sin = Function.Elementwise("Sin", Math.Sin, Math.Cos);
        var x = Tensor.FromArray([0.1, 1.0, 2.0], [3], requiresGrad: true);
        sin.Apply(x).Sum().Backward();
        Assert.Equal(x.ToArray().Select(Math.Cos).ToArray(), x.Grad!.ToArray());
        Assert.True(GradCheck.Check(xs => sin.Apply(xs[0]), [x]).Passed);
    }

    private sealed class WrongArity : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs) => inputs[0] + inputs[1];
        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput];
    }

    [Fact]
    public void BackwardReturningTheWrongNumberOfGradientsIsReported()
    {
        var a = Tensor.Ones([2], requiresGrad: true);
        var y = new WrongArity().Apply(a, Tensor.Ones(2));
        var ex = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("WrongArity", ex.Message);
        Assert.Null(a.Grad);
    }

    [Fact]
    public void ApplyRejectsNullInputs() =>
        Assert.Throws<ArgumentNullException>(() => new Softplus().Apply([null!]));
}
