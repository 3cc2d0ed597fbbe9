namespace Autograd.Tests.Core.Ops;

/// <summary>The internal op(A)·op(B) product that lets MatMul's backward (and linear layers) skip explicit transposes.</summary>
public class TransposedMatMulTests
{
    private static Tensor Random(int rows, int cols, int seed) => Tensor.Randn([rows, cols], new Random(seed), requiresGrad: true);

    private static Tensor Op(Tensor x, bool transpose) => transpose ? x.Transpose() : x;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatchesTheProductOfExplicitTransposes(bool transposeA, bool transposeB)
    {
        // op(A) is 7×5 and op(B) is 5×9 whatever the storage.
        var a = Random(transposeA ? 5 : 7, transposeA ? 7 : 5, 1);
        var b = Random(transposeB ? 9 : 5, transposeB ? 5 : 9, 2);
        var fast = Tensor.MatMul(a, b, transposeA, transposeB);
        var plain = Op(a, transposeA).MatMul(Op(b, transposeB));
        Assert.Equal(plain.Shape, fast.Shape);
        for (int i = 0; i < plain.Count; i++) Assert.Equal(plain.Span[i], fast.Span[i], 12);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void PassesFirstAndSecondOrderGradCheck(bool transposeA, bool transposeB)
    {
        var a = Random(transposeA ? 3 : 4, transposeA ? 4 : 3, 3);
        var b = Random(transposeB ? 2 : 3, transposeB ? 3 : 2, 4);
        // Squaring makes the second derivative non-trivial.
        Tensor F(Tensor[] x) { var c = Tensor.MatMul(x[0], x[1], transposeA, transposeB); return c * c; }
        var first = GradCheck.Check(F, [a, b]);
        Assert.True(first.Passed, first.ToString());
        var second = GradCheck.CheckSecondOrder(F, [a, b]);
        Assert.True(second.Passed, second.ToString());
    }
}
