namespace Autograd.Tests.Core;

public class TensorTests
{
    [Fact]
    public void ZeroGradInPlaceKeepsTheBufferAndTheNextBackwardAddsIntoIt()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0], requiresGrad: true);
        (x * x).Sum().Backward();
        var grad = x.Grad!;
        x.ZeroGrad(setToNone: false);
        Assert.Same(grad, x.Grad);
        Assert.Equal([0.0, 0.0, 0.0], grad.ToArray());
        (x * 3.0).Sum().Backward();
        Assert.Same(grad, x.Grad);
        Assert.Equal([3.0, 3.0, 3.0], grad.ToArray());
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void FromArrayCopiesDataRowMajor()
    {
        double[] data = [1, 2, 3, 4, 5, 6];
        var t = Tensor.FromArray(data, [2, 3]);
        data[0] = 99;
        Assert.Equal([1.0, 2, 3, 4, 5, 6], t.ToArray());
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal(2, t.Rank);
        Assert.Equal(6, t.Count);
        var shape = t.Shape;
        shape[0] = 7;
        Assert.Equal([2, 3], t.Shape); // Shape hands out a copy
    }

    [Fact]
    public void FromArrayRejectsMismatchedLengthAndNegativeDimensions()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1, 2, 3], [2, 2]));
        Assert.Contains("[2, 2]", ex.Message);
        Assert.Contains("3", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([], [2, -1]));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(-1));
        Assert.Throws<ArgumentNullException>(() => Tensor.FromArray(null!, [1]));
        Assert.Throws<ArgumentNullException>(() => Tensor.FromArray([1.0], null!));
    }

    [Fact]
    public void FactoriesFillAsNamed()
    {
        Assert.All(Tensor.Zeros(2, 2).ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(Tensor.Ones(3).ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(Tensor.Full([2], 2.5).ToArray(), v => Assert.Equal(2.5, v));
        var s = Tensor.Scalar(4.0, requiresGrad: true);
        Assert.Empty(s.Shape);
        Assert.Equal(4.0, s.Item());
        Assert.True(s.RequiresGrad);
        Assert.True(Tensor.Zeros([2], requiresGrad: true).RequiresGrad);
    }

    [Fact]
    public void RandomFactoriesAreReproducibleAndHaveTheRightMoments()
    {
        Assert.Equal(Tensor.Rand([10], new Random(3)).ToArray(), Tensor.Rand([10], new Random(3)).ToArray());
        var u = Tensor.Rand([20_000], new Random(1)).ToArray();
        Assert.All(u, v => Assert.InRange(v, 0.0, 1.0));
        Assert.Equal(0.5, u.Average(), 2);
        var n = Tensor.Randn([20_001], new Random(2)).ToArray();
        double mean = n.Average(), variance = n.Select(v => (v - mean) * (v - mean)).Average();
        Assert.Equal(0.0, mean, 1);
        Assert.Equal(1.0, variance, 1);
        Assert.Throws<ArgumentNullException>(() => Tensor.Randn([2], null!));
    }

    [Fact]
    public void ItemNeedsExactlyOneElement()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
        Assert.Contains("[2]", ex.Message);
        Assert.Equal(5.0, Tensor.Full([1, 1], 5.0).Item());
    }

    [Fact]
    public void ToStringShowsValuesShapeAndGradStatus()
    {
        var t = Tensor.FromArray([1, 2.5, 3, 4], [2, 2], requiresGrad: true);
        Assert.Equal("tensor([[1, 2.5], [3, 4]], shape=[2, 2], requiresGrad=true)", t.ToString());
        Assert.Contains("gradFn=Exp", t.Exp().ToString());
        Assert.Contains("...", Tensor.Zeros(100).ToString());
    }

    [Fact]
    public void DetachSharesValuesButStopsGradients()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        var d = (x * 2.0).Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        Assert.Equal([2.0, 4.0], d.ToArray());
    }

    [Fact]
    public void RequiresGradCannotBeTurnedOffOnAComputedTensor()
    {
        var y = Tensor.Ones([1], requiresGrad: true) * 2.0;
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    [Fact]
    public void FullKeepsNegativeZero() =>
        Assert.Equal(double.NegativeInfinity, (1.0 / Tensor.Full([1], -0.0)).Item());

    [Fact]
    public void MatMulWhoseResultWouldOverflowTheElementCountIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(65536, 0).MatMul(Tensor.Zeros(0, 65536)));
        Assert.Contains("65536", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(50000, 0).MatMul(Tensor.Zeros(0, 50000)));
    }
}
