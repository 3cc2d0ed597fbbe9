namespace Autograd.Tests.Core.Ops;

/// <summary>Reshape's inferred dimension: refused when any size would do, as PyTorch refuses it.</summary>
public class LinalgReshapeTests
{
    [Theory]
    [InlineData(0, -1)]
    [InlineData(-1, 0)]
    [InlineData(3, 0, -1)]
    public void AnInferredDimensionNextToAZeroIsAmbiguousForAnEmptyTensor(params int[] shape)
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(0).Reshape(shape));
        Assert.Equal("shape", error.ParamName);
        Assert.Contains(Shapes.Format(shape), error.Message);
        Assert.Contains("ambiguous", error.Message);
    }

    [Fact]
    public void AnInferredDimensionIsStillFoundForAnEmptyTensorWhenTheRestIsNonZero()
    {
        Assert.Equal([2, 0], Tensor.Zeros(0, 3).Reshape(2, -1).Shape);
        Assert.Equal([0], Tensor.Zeros(2, 0).Reshape(-1).Shape);
        Assert.Equal([0, 5], Tensor.Zeros(0).Reshape(0, 5).Shape);
    }

    [Fact]
    public void AnInferredDimensionNextToAZeroIsRefusedForANonEmptyTensor()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(0, -1));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[0, -1]", error.Message);
    }
}
