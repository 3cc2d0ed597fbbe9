namespace Autograd.Tests.Core.Autodiff;

/// <summary>
/// The engine adds a tensor's second and later gradients into a buffer it allocated itself; these check that it never
/// adds into a tensor someone else holds, and that the sums are right.
/// </summary>
public class InPlaceAccumulationTests
{
    /// <summary>Returns, as the gradient of its input, a tensor the test keeps (as a careless custom op might).</summary>
    private sealed class HandsOutItsOwnTensor(Tensor held) : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs) => inputs[0] * 1.0;
        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [held];
    }

    [Fact]
    public void ACustomOpsReturnedTensorIsNeverAddedInto()
    {
        var held = Tensor.FromArray([1.0, 2.0, 3.0]);
        var x = Tensor.FromArray([0.5, 0.5, 0.5], requiresGrad: true);
        var op = new HandsOutItsOwnTensor(held);
        (op.Apply(x) + op.Apply(x) + x * 4.0).Sum().Backward();
        Assert.Equal([1.0, 2.0, 3.0], held.ToArray());
        Assert.Equal([6.0, 8.0, 10.0], x.Grad!.ToArray());   // 1 + 1 + 4, 2 + 2 + 4, 3 + 3 + 4
    }

    [Fact]
    public void TheCallersGradientPassedThroughAnAddIsNeverAddedInto()
    {
        var x = Tensor.FromArray([1.0, -2.0], requiresGrad: true);
        var upstream = Tensor.FromArray([3.0, 5.0]);
        (x + x * 2.0 + x).Backward(upstream);                   // Add hands the caller's tensor on unchanged, twice
        Assert.Equal([3.0, 5.0], upstream.ToArray());
        Assert.Equal([12.0, 20.0], x.Grad!.ToArray());          // (1 + 2 + 1)·upstream
    }

    [Fact]
    public void SumsOfOwnBuffersAndBroadcastGradientsAreRight()
    {
        // x feeds exp (a fresh g·eˣ), a product (a fresh g·t) and a sum whose gradient the engine sums back from the broadcast shape.
        var x = Tensor.FromArray([0.0, 1.0, 2.0], [3], requiresGrad: true);
        var t = Tensor.FromArray([4.0, 5.0, 6.0], [3]);
        var h = x * 1.0;                                        // a non-leaf that receives all three
        (h.Exp() - t * h + h).Sum().Backward();
        double[] expected = [.. new[] { 0.0, 1.0, 2.0 }.Select((v, i) => Math.Exp(v) - t.Span[i] + 1)];
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], x.Grad!.Span[i], 1e-13);
    }

    [Fact]
    public void ALeafGradientIsItsOwnBufferAndLaterPassesAddIntoIt()
    {
        var x = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        (x * 3.0).Sum().Backward();
        var first = x.Grad!;
        (x * 3.0).Sum().Backward();
        Assert.Equal([6.0, 6.0], x.Grad!.ToArray());
        var other = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        (other * 3.0).Sum().Backward();
        Assert.Equal([3.0, 3.0], other.Grad!.ToArray());     // no buffer shared between the two leaves
        Assert.Same(first, x.Grad);
    }
}
