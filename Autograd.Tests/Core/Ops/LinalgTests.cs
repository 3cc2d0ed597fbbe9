using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

public class LinalgTests
{
    [Property(MaxTest = 30)]
    public Property MatMulPassesGradCheck() =>
        GradCheckPasses(
            from m in Gen.Choose(1, 4)
            from k in Gen.Choose(1, 4)
            from n in Gen.Choose(1, 4)
            from a in TensorGen.Tensor([m, k], -2, 2)
            from b in TensorGen.Tensor([k, n], -2, 2)
            select (a, b),
            c => [c.a, c.b], xs => xs[0].MatMul(xs[1]));

    [Property(MaxTest = 30)]
    public Property TransposePassesGradCheck() =>
        GradCheckPasses(TensorGen.Tensor(-2, 2, maxRank: 2).Where(t => t.Rank == 2), x => [x], xs => xs[0].Transpose() * Tensor.FromArray(Enumerable.Range(1, xs[0].Count).Select(i => (double)i).ToArray(), xs[0].T.Shape));

    [Property(MaxTest = 30)]
    public Property ReshapePassesGradCheck() =>
        GradCheckPasses(TensorGen.Tensor(-2, 2), x => [x], xs => xs[0].Reshape(-1).Exp());

    [Fact]
    public void MatMulMatchesHandComputedProductAndGradients()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3], requiresGrad: true);
        var b = Tensor.FromArray([7, 8, 9, 10, 11, 12], [3, 2], requiresGrad: true);
        var c = a.MatMul(b);
        AssertClose([58, 64, 139, 154], c);
        c.Sum().Backward();
        AssertClose([15, 19, 23, 15, 19, 23], a.Grad!); // row sums of b, per row of a
        AssertClose([5, 5, 7, 7, 9, 9], b.Grad!);       // column sums of a, per column of b
    }

    [Fact]
    public void MatMulShapeMismatchNamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(2, 3)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(3, 1)));
    }

    [Fact]
    public void ReshapeInfersOneDimensionAndRejectsBadCounts()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3]);
        Assert.Equal([3, 2], x.Reshape(3, -1).Shape);
        var ex = Assert.Throws<ArgumentException>(() => x.Reshape(4, 2));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
        Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
        Assert.Throws<ArgumentException>(() => x.Reshape(-2, -3));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 9)]
    [InlineData(13, 37)]
    [InlineData(256, 3)]
    [InlineData(64, 256)]
    public void TransposeAndPermuteCopyEveryElementAcrossTileEdges(int rows, int cols)
    {
        // The kernel copies 8×8 tiles; shapes that are not multiples of 8 end in partial tiles on both sides.
        var x = Tensor.FromArray(Enumerable.Range(0, rows * cols).Select(i => (double)i).ToArray(), [rows, cols]);
        var expected = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) expected[j * rows + i] = i * cols + j;
        Assert.Equal(expected, x.Transpose().ToArray());
        Assert.Equal(expected, x.Permute(1, 0).ToArray());
        Assert.Equal([cols, rows], x.Transpose().Shape);
    }

    [Property(MaxTest = 30)]
    public Property DiagonalPassesGradCheck() =>
        GradCheckPasses(
            from m in Gen.Choose(1, 4)
            from n in Gen.Choose(1, 4)
            from a in TensorGen.Tensor([m, n], -2, 2)
            select a,
            a => [a], xs => xs[0].Diagonal().Exp());

    [Fact]
    public void DiagonalTakesTheMainDiagonalOfAnyMatrix()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, requiresGrad: true);
        Assert.Equal([1.0, 5.0], a.Diagonal().ToArray());
        Assert.Equal([1.0, 5.0], a.Transpose().Diagonal().ToArray());
        (a.Diagonal() * Tensor.FromArray([10.0, 20.0])).Sum().Backward();
        Assert.Equal([10.0, 0, 0, 0, 20.0, 0], a.Grad!.ToArray());
        Assert.Equal([0], Tensor.Zeros(0, 3).Diagonal().Shape);
        Assert.Contains("[2, 2, 2]", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 2, 2).Diagonal()).Message);
    }

    [Fact]
    public void TransposeOfNon2DThrows() => Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 2, 2).Transpose());   // issue 12: a wrong operand, not misuse of state
}
