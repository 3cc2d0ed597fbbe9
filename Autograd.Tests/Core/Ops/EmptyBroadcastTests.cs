namespace Autograd.Tests.Core.Ops;

/// <summary>Broadcasting into shapes with a zero dimension gives empty results, as NumPy and PyTorch do.</summary>
public class EmptyBroadcastTests
{
    [Theory]
    [InlineData(new[] { 0, 3 }, new[] { 3 })]
    [InlineData(new[] { 4, 0, 3 }, new[] { 1, 3 })]
    [InlineData(new[] { 65536, 65536, 0 }, new[] { 1 })]
    [InlineData(new[] { 65536, 65536, 0 }, new[] { 65536, 1, 1 })]
    public void BroadcastIntoAnEmptyShapeIsEmpty(int[] empty, int[] other)
    {
        var a = Tensor.FromArray([], empty, requiresGrad: true);
        var b = Tensor.Ones(other);
        b.RequiresGrad = true;
        var y = a * b + b;
        Assert.Equal(empty, y.Shape);
        Assert.Equal(0, y.Count);
        y.Sum().Backward();
        Assert.Equal(new double[Shapes.Count(other)], b.Grad!.ToArray());
    }
}
