namespace Autograd.Tests.Core;

public class FactoriesTests
{
    [Fact]
    public void EyeIsTheIdentity()
    {
        var i = Tensor.Eye(3);
        Assert.Equal([3, 3], i.Shape);
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], i.ToArray());
        Assert.False(i.RequiresGrad);
        Assert.Equal([0, 0], Tensor.Eye(0).Shape);
        var m = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], [2, 3]);
        Assert.Equal(m.ToArray(), m.MatMul(Tensor.Eye(3)).ToArray());
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Eye(-2));
        Assert.Equal("n", ex.ParamName);
        Assert.Contains("-2", ex.Message);
    }

    [Fact]
    public void ArangeMatchesPyTorchOnHandCases()
    {
        Assert.Equal([0.0, 1, 2, 3, 4], Tensor.Arange(5).ToArray());
        Assert.Equal([0.0, 1, 2], Tensor.Arange(2.5).ToArray());
        Assert.Equal([1.0, 1.5, 2], Tensor.Arange(1, 2.5, 0.5).ToArray());
        Assert.Equal([5.0, 3, 1], Tensor.Arange(5, 0, -2).ToArray());
        Assert.Equal([0, 0.3, 0.6, 0.3 * 3], Tensor.Arange(0, 1, 0.3).ToArray());   // ⌈3.33⌉ = 4 values
        Assert.Equal([0], Tensor.Arange(2, 2).Shape);
        Assert.Equal([0], Tensor.Arange(0).Shape);
        Assert.Equal([1], Tensor.Arange(-3, -2.5).Shape);
    }

    /// <summary>Bounds and steps on a grid of eighths, exact in binary, so the count has an integer reference: ⌈(e − s)/k⌉.</summary>
    [Property(MaxTest = 40)]
    public Property ArangeHasCeilCountValuesStepApart() =>
        Prop.ForAll(Gen.Choose(-40, 40).Three().Where(t => t.Item3 != 0 && Math.Sign(t.Item2 - t.Item1) != -Math.Sign(t.Item3)).ToArbitrary(), t =>
        {
            var (s, e, k) = t;
            int count = (e - s) / k + ((e - s) % k != 0 ? 1 : 0);
            var a = Tensor.Arange(s / 8.0, e / 8.0, k / 8.0).ToArray();
            Assert.Equal(count, a.Length);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal((s + i * k) / 8.0, a[i]);
                Assert.True(k > 0 ? a[i] < e / 8.0 : a[i] > e / 8.0);
            }
            return true;
        });

    [Fact]
    public void ArangeRejectsAZeroStepAWrongSignAndNonFiniteValues()
    {
        foreach (var (call, named) in new (Func<Tensor>, string)[]
                 {
                     (() => Tensor.Arange(0, 5, 0), "step = 0"),
                     (() => Tensor.Arange(0, 5, -1), "step = -1"),
                     (() => Tensor.Arange(5, 0, 1), "start = 5"),
                     (() => Tensor.Arange(-1), "end = -1"),
                     (() => Tensor.Arange(0, double.NaN), "NaN"),
                     (() => Tensor.Arange(0, double.PositiveInfinity), "finite"),
                     (() => Tensor.Arange(0, 1e300, 1e-300), "elements"),
                 })
        {
            var ex = Assert.Throws<ArgumentException>(call);
            Assert.Contains(named, ex.Message);
        }
    }

    [Fact]
    public void LinspaceIncludesBothEndsAndFollowsPyTorchsTwoHalves()
    {
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1], Tensor.Linspace(0, 1, 5).ToArray());
        Assert.Equal([3.0, 1, -1], Tensor.Linspace(3, -1, 3).ToArray());
        Assert.Equal([2.5], Tensor.Linspace(2.5, 7, 1).ToArray());
        Assert.Equal([0], Tensor.Linspace(2.5, 7, 0).Shape);
        Assert.Equal([4.0, 4, 4], Tensor.Linspace(4, 4, 3).ToArray());
        // 0.1 is not exact in binary: the second half counts back from the end, so the last value is exactly 1.
        var a = Tensor.Linspace(0, 1, 11).ToArray();
        Assert.Equal(1.0, a[10]);
        Assert.Equal(1 - 0.1, a[9]);
        Assert.Equal(4 * 0.1, a[4]);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Linspace(0, 1, -1));
        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("-1", ex.Message);
    }

    [Property(MaxTest = 40)]
    public Property LinspaceHitsBothEndsExactlyAndIsEvenlySpaced() =>
        Prop.ForAll(Gen.Choose(-1000, 1000).Two().ToArbitrary(), Gen.Choose(2, 30).ToArbitrary(), (bounds, steps) =>
        {
            double start = bounds.Item1 / 7.0, end = bounds.Item2 / 3.0;
            var a = Tensor.Linspace(start, end, steps).ToArray();
            Assert.Equal(steps, a.Length);
            Assert.Equal(start, a[0]);
            Assert.Equal(end, a[^1]);
            for (int i = 0; i < steps; i++)
                Assert.True(Math.Abs(a[i] - (start + i * (end - start) / (steps - 1))) <= 1e-13 * (Math.Abs(start) + Math.Abs(end) + 1), $"element {i}");
            return true;
        });

    [Fact]
    public void TwoDimensionalArraysRoundTrip()
    {
        var data = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var t = Tensor.FromArray(data, requiresGrad: true);
        Assert.Equal([2, 3], t.Shape);
        Assert.True(t.RequiresGrad);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], t.ToArray());
        data[0, 0] = 99;   // a copy: the tensor does not see the change
        Assert.Equal(1, t.ToArray()[0]);
        var back = t.ToArray2D();
        Assert.Equal(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, back);
        back[1, 1] = -1;   // nor does it see changes to its own copy
        Assert.Equal(5, t.ToArray()[4]);
        Assert.Equal(new double[,] { { 1, 4 }, { 2, 5 }, { 3, 6 } }, t.T.ToArray2D());
        Assert.False(Tensor.FromArray(new double[1, 1]).RequiresGrad);

        var empty = Tensor.FromArray(new double[0, 3]);
        Assert.Equal([0, 3], empty.Shape);
        Assert.Equal(0, empty.ToArray2D().GetLength(0));
        Assert.Equal(3, empty.ToArray2D().GetLength(1));
    }

    [Property(MaxTest = 30)]
    public Property FromArray2DAndToArray2DAreInverse() =>
        Prop.ForAll(Gen.Choose(0, 4).Two().SelectMany(rc => TensorGen.Values(rc.Item1 * rc.Item2, -5, 5).Select(v => (rc.Item1, rc.Item2, v))).ToArbitrary(), c =>
        {
            var (rows, cols, v) = c;
            var t = Tensor.FromArray(v, [rows, cols]);
            var a = t.ToArray2D();
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    Assert.Equal(v[i * cols + j], a[i, j]);
            return Tensor.FromArray(a).ToArray().SequenceEqual(v) && Tensor.FromArray(a).Shape.SequenceEqual([rows, cols]);
        });

    [Fact]
    public void ToArray2DNeedsRankTwoAndFromArrayNeedsData()
    {
        foreach (var (t, shape) in new[] { (Tensor.Zeros(3), "[3]"), (Tensor.Scalar(1), "[]"), (Tensor.Zeros(2, 2, 2), "[2, 2, 2]") })
        {
            var ex = Assert.Throws<InvalidOperationException>(() => t.ToArray2D());
            Assert.Contains(shape, ex.Message);
        }
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => Tensor.FromArray((double[,])null!)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => Tensor.FromArray((double[])null!)).ParamName);
    }
}
