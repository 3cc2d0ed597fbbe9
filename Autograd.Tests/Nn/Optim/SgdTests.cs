using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

public class SgdTests
{
    [Fact]
    public void PlainStepMovesAgainstTheGradient()
    {
        // loss = Σ cᵢ·pᵢ has gradient c, so one step gives p − lr·c.
        var p = Tensor.FromArray([1.0, -2.0, 0.5], requiresGrad: true);
        var c = Tensor.FromArray([3.0, -1.0, 0.25]);
        Training.Steps(new Sgd([p], lr: 0.1), () => (c * p).Sum(), 1);
        Assert.Equal([0.7, -1.9, 0.475], p.ToArray(), (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void MomentumAccumulatesAConstantGradient()
    {
        // Constant gradient c: buffers c, 1.9c, 2.71c; after three steps p = p₀ − 0.1·(1 + 1.9 + 2.71)·c = p₀ − 0.561·c.
        var p = Tensor.FromArray([1.0, -2.0], requiresGrad: true);
        var c = Tensor.FromArray([2.0, -4.0]);
        Training.Steps(new Sgd([p], lr: 0.1, momentum: 0.9), () => (c * p).Sum(), 3);
        Assert.Equal(1.0 - 0.561 * 2.0, p.Span[0], 1e-14);
        Assert.Equal(-2.0 + 0.561 * 4.0, p.Span[1], 1e-14);
    }

    [Fact]
    public void NesterovWithWeightDecayMatchesTheHandComputedTwoSteps()
    {
        // loss = ½Σp², so g = p. With lr 0.1, μ 0.9, λ 0.01, by hand:
        // step 1: g' = 1.01p₀, b = 1.01p₀, g'' = g' + 0.9b = 1.919p₀, p₁ = 0.8081p₀;
        // step 2: g' = 1.01·0.8081p₀ = 0.816181p₀, b = 0.9·1.01p₀ + g' = 1.725181p₀,
        //         g'' = 0.816181p₀ + 0.9·1.725181p₀ = 2.3688439p₀, p₂ = 0.8081p₀ − 0.23688439p₀ = 0.57121561p₀.
        double[] p0 = [1.0, -2.0, 0.5];
        var p = Tensor.FromArray(p0, requiresGrad: true);
        var sgd = new Sgd([p], lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true);
        Training.Steps(sgd, () => 0.5 * (p * p).Sum(), 1);
        for (int i = 0; i < 3; i++) Assert.Equal(0.8081 * p0[i], p.Span[i], 1e-14);
        Training.Steps(sgd, () => 0.5 * (p * p).Sum(), 1);
        for (int i = 0; i < 3; i++) Assert.Equal(0.57121561 * p0[i], p.Span[i], 1e-14);
    }

    [Fact]
    public void WeightDecayAddsLambdaTimesTheParameter()
    {
        // loss = 0 · Σp has gradient 0, so the step is −lr·λ·p: p₁ = (1 − 0.5·0.2)·p₀ = 0.9·p₀.
        var p = Tensor.FromArray([4.0, -8.0], requiresGrad: true);
        Training.Steps(new Sgd([p], lr: 0.5, weightDecay: 0.2), () => (p * 0.0).Sum(), 1);
        Assert.Equal([3.6, -7.2], p.ToArray(), (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void ParametersWithoutGradientAreLeftAlone()
    {
        var used = Tensor.FromArray([1.0], requiresGrad: true);
        var unused = Tensor.FromArray([5.0, 6.0], requiresGrad: true);
        var sgd = new Sgd([used, unused], lr: 0.1, momentum: 0.9, weightDecay: 0.1);
        Training.Steps(sgd, () => (used * 2.0).Sum(), 2);
        Assert.Null(unused.Grad);
        Assert.Equal([5.0, 6.0], unused.ToArray());
        Assert.NotEqual(1.0, used.Span[0]);
    }

    [Fact]
    public void StepWithClosureReturnsTheLossBeforeTheUpdate()
    {
        var p = Tensor.FromArray([3.0], requiresGrad: true);
        var sgd = new Sgd([p], lr: 0.25);
        Assert.Equal(9.0, sgd.Step(Training.Closure(sgd, () => (p * p).Sum())).Item());
        Assert.Equal(3.0 - 0.25 * 6.0, p.Span[0]);
    }

    [Fact]
    public void ZeroGradClearsEveryGradient()
    {
        var a = Tensor.FromArray([1.0], requiresGrad: true);
        var b = Tensor.FromArray([2.0], requiresGrad: true);
        (a * b).Sum().Backward();
        var sgd = new Sgd([a, b], lr: 0.1);
        sgd.ZeroGrad();
        Assert.Null(a.Grad);
        Assert.Null(b.Grad);
    }
}
