using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

public class ArithmeticTests
{
    [Property(MaxTest = 40)]
    public Property AddPassesGradCheckUnderBroadcasting() =>
        GradCheckPasses(TensorGen.BroadcastTensors(), p => [p.A, p.B], x => x[0] + x[1]);

    [Property(MaxTest = 40)]
    public Property SubPassesGradCheckUnderBroadcasting() =>
        GradCheckPasses(TensorGen.BroadcastTensors(), p => [p.A, p.B], x => x[0] - x[1]);

    [Property(MaxTest = 40)]
    public Property MulPassesGradCheckUnderBroadcasting() =>
        GradCheckPasses(TensorGen.BroadcastTensors(), p => [p.A, p.B], x => x[0] * x[1]);

    [Property(MaxTest = 40)]
    public Property DivPassesGradCheckUnderBroadcasting() =>
        GradCheckPasses(TensorGen.BroadcastTensors(nonZeroB: true), p => [p.A, p.B], x => x[0] / x[1]);

    [Property(MaxTest = 20)]
    public Property NegAndScalarOperatorsPassGradCheck() =>
        UnaryGradCheck(-2, 2, x => (2.0 - x * 3.0 + 1.5) / 4.0 - (-x) / 0.5);

    [Fact]
    public void BroadcastAddMatchesHandComputedValuesAndGradients()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3], requiresGrad: true);
        var b = Tensor.FromArray([10, 20, 30], [3], requiresGrad: true);
        var y = a * b;
        AssertClose([10, 40, 90, 40, 100, 180], y);
        Assert.Equal([2, 3], y.Shape);
        y.Sum().Backward();
        AssertClose([10, 20, 30, 10, 20, 30], a.Grad!);
        AssertClose([5, 7, 9], b.Grad!); // column sums of a: the broadcast dimension summed back
        Assert.Equal([3], b.Grad!.Shape);
    }

    [Fact]
    public void ColumnTimesRowBroadcastsToOuterProduct()
    {
        var col = Tensor.FromArray([1, 2], [2, 1], requiresGrad: true);
        var row = Tensor.FromArray([3, 4, 5], [1, 3], requiresGrad: true);
        var y = col * row;
        AssertClose([3, 4, 5, 6, 8, 10], y);
        y.Sum().Backward();
        AssertClose([12, 12], col.Grad!);
        AssertClose([3, 3, 3], row.Grad!);
    }

    [Fact]
    public void IncompatibleShapesThrowNamingBothShapes()
    {
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(4);
        var ex = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void NullOperandThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => Tensor.Zeros(2) + (Tensor)null!);

    [Fact]
    public void DivisionFollowsIeee()
    {
        var y = Tensor.FromArray([1, -1, 0], [3]) / Tensor.Zeros(3);
        var v = y.ToArray();
        Assert.Equal(double.PositiveInfinity, v[0]);
        Assert.Equal(double.NegativeInfinity, v[1]);
        Assert.True(double.IsNaN(v[2]));
    }
}
