namespace Autograd.Tests.Reliability;

/// <summary>
/// <see cref="Autodiff.Grad"/> never answers null ("the output does not depend on it") for a tensor the output does depend
/// on, including computed (non-leaf) tensors and the output itself, as <c>torch.autograd.grad</c> allows.
/// </summary>
public sealed class GradOfComputedTensorsTests
{
    [Fact]
    public void TheGradientWithRespectToAnIntermediateIsReturned()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var h = x * 3.0;
        var y = (h * h).Sum();

        var g = Autodiff.Grad(y, [h, x]);

        Assert.Equal([6.0, 12.0], g[0]!.ToArray());    // dy/dh = 2h
        Assert.Equal([18.0, 36.0], g[1]!.ToArray());   // dy/dx = 2h·3
        Assert.Null(x.Grad);
    }

    [Fact]
    public void TheGradientWithRespectToTheOutputIsTheSeed()
    {
        var x = Tensor.FromArray([1.0, -2.0], requiresGrad: true);
        var y = x.Exp();
        var seed = Tensor.FromArray([0.5, 4.0]);

        Assert.Equal([0.5, 4.0], Autodiff.Grad(y, [y], seed, retainGraph: true)[0]!.ToArray());
        var total = y.Sum();
        Assert.Equal(1.0, Autodiff.Grad(total, [total])[0]!.Item());
    }

    [Fact]
    public void ABroadcastIntermediateUsedTwiceGetsTheSumOverItsUsesInItsOwnShape()
    {
        // y = Σᵢⱼ (hᵢ + cᵢⱼ)·cᵢⱼ + Σᵢ hᵢ² with h of shape [2, 1]: dy/dhᵢ = Σⱼ cᵢⱼ + 2hᵢ.
        var x = Tensor.FromArray([1.0, 2.0], [2, 1], requiresGrad: true);
        var h = x.Exp();
        var c = Tensor.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2, 3]);
        var y = ((h + c) * c).Sum() + (h * h).Sum();

        var g = Autodiff.Grad(y, [h, h]);

        double[] expected = [6 + 2 * Math.Exp(1), 15 + 2 * Math.Exp(2)];
        Assert.Equal([2, 1], g[0]!.Shape);
        for (int i = 0; i < 2; i++) Assert.Equal(expected[i], g[0]!.Span[i], 12);
        Assert.Equal(g[0]!.ToArray(), g[1]!.ToArray());
    }

    [Fact]
    public void AnIntermediateGradientIsDifferentiableWithCreateGraph()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var h = x * 3.0;
        var dydh = Autodiff.Grad((h * h).Sum(), [h], createGraph: true)[0]!;   // 2h = 6x

        Assert.Equal([6.0, 6.0], Autodiff.Grad(dydh.Sum(), [x])[0]!.ToArray());
    }

    [Fact]
    public void AComputedTensorTheOutputDoesNotDependOnStillGetsNull()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var unrelated = x * 2.0;
        var y = (x * x).Sum();

        var g = Autodiff.Grad(y, [unrelated, x]);

        Assert.Null(g[0]);
        Assert.Equal([2.0, 4.0], g[1]!.ToArray());
    }
}
