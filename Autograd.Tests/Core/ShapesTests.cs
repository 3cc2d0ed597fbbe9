namespace Autograd.Tests.Core;

/// <summary>Element counts: a zero dimension makes any shape empty; only overflowing non-empty products are refused.</summary>
public class ShapesTests
{
    [Theory]
    [InlineData(65536, 65536, 0)]
    [InlineData(0, 65536, 65536)]
    [InlineData(int.MaxValue, int.MaxValue, 0, int.MaxValue)]
    public void AShapeWithAZeroDimensionHasNoElementsWhateverTheOthers(params int[] shape)
    {
        Assert.Equal(0, Shapes.Count(shape));
        var t = Tensor.FromArray([], shape);
        Assert.Equal(shape, t.Shape);
        Assert.Equal(0, t.Count);
        Assert.Equal(0, Tensor.Zeros(shape).Count);
        Assert.Equal(shape.Length, Shapes.Strides(shape).Length);
    }

    [Theory]
    [InlineData(65536, 65536)]
    [InlineData(65536, 65536, 1)]
    [InlineData(2, int.MaxValue)]
    public void ANonEmptyShapeWhoseProductOverflowsIsStillRefused(params int[] shape)
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.FromArray([], shape));
        Assert.Equal("shape", error.ParamName);
        Assert.Contains(Shapes.Format(shape), error.Message);
    }

    [Fact]
    public void ANegativeDimensionIsRefusedEvenNextToAZero()
    {
        var error = Assert.Throws<ArgumentException>(() => Shapes.Count([0, -1]));
        Assert.Contains("negative", error.Message);
    }
}
