using MathNet.Numerics.Statistics;
using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

public class MinMaxTests
{
    /// <summary>
    /// A tensor of the given shape whose values are distinct, at least 0.25 apart (a shuffled grid plus a little jitter), so
    /// finite differences never cross a tie.
    /// </summary>
    private static Gen<Tensor> Distinct(int[] shape)
    {
        int n = Shapes.Count(shape);
        return from order in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
               from jitter in TensorGen.Values(n, 0, 0.2)
               select Tensor.FromArray(order.Select((k, i) => (k - n / 2.0) * 0.45 + jitter[i]).ToArray(), shape, requiresGrad: true);
    }

    /// <summary>Shapes of rank 0..3 with sizes 1..4 (size-1 dims included).</summary>
    private static Gen<Tensor> DistinctTensor() => TensorGen.Shape(maxRank: 3).SelectMany(Distinct);

    private static Gen<(Tensor X, int Dim, bool KeepDim)> DistinctAlongADim() =>
        from shape in TensorGen.Shape(maxRank: 3)
        from x in Distinct(shape)
        from dim in Gen.Choose(-Math.Max(shape.Length, 1), Math.Max(shape.Length, 1) - 1)
        from keep in Gen.Elements(true, false)
        select (x, dim, keep);

    [Property(MaxTest = 30)]
    public Property MaxAndMinPassGradCheck() =>
        Prop.ForAll(DistinctTensor().ToArbitrary(), x =>
            GradCheck.Check(xs => xs[0].Max(), [x]).Passed && GradCheck.Check(xs => xs[0].Min(), [x]).Passed);

    [Property(MaxTest = 20)]
    public Property MaxAndMinPassSecondOrderGradCheck() =>
        Prop.ForAll(DistinctTensor().ToArbitrary(), x =>
            GradCheck.CheckSecondOrder(xs => xs[0].Max() * xs[0].Max(), [x]).Passed
            && GradCheck.CheckSecondOrder(xs => (xs[0].Min() * xs[0]).Sum(), [x]).Passed);

    [Property(MaxTest = 30)]
    public Property MaxAndMinAlongDimPassGradCheck() =>
        Prop.ForAll(DistinctAlongADim().ToArbitrary(), c =>
            GradCheck.Check(xs => xs[0].Max(c.Dim, c.KeepDim).Values, [c.X]).Passed
            && GradCheck.Check(xs => xs[0].Min(c.Dim, c.KeepDim).Values, [c.X]).Passed);

    [Property(MaxTest = 20)]
    public Property MaxAlongDimPassesSecondOrderGradCheck() =>
        Prop.ForAll(DistinctAlongADim().ToArbitrary(), c =>
            GradCheck.CheckSecondOrder(xs => xs[0].Max(c.Dim, c.KeepDim).Values.Pow(2), [c.X]).Passed);

    [Property(MaxTest = 30)]
    public Property FullMaxAndMinAgreeWithMathNet() =>
        Prop.ForAll(TensorGen.Tensor(-5, 5, requiresGrad: false).Where(t => t.Count > 0).ToArbitrary(), x =>
            x.Max().Item() == Statistics.Maximum(x.ToArray()) && x.Min().Item() == Statistics.Minimum(x.ToArray())
            && x.Max().Shape.Length == 0);

    /// <summary>Reference for Max/Min/ArgMax along a dim: walks every element by its multi-index and keeps the best per slice.</summary>
    private static (double[] Values, double[] Indices) NaiveAlong(Tensor x, int dim, bool largest)
    {
        var shape = x.Shape;
        int d = dim < 0 ? dim + shape.Length : dim;
        var reduced = shape.Where((_, k) => k != d).ToArray();
        var strides = Shapes.Strides(reduced);
        int n = Shapes.Count(reduced);
        var values = Enumerable.Repeat(double.NaN, n).ToArray();
        var indices = Enumerable.Repeat(-1.0, n).ToArray();
        var data = x.ToArray();
        var index = new int[shape.Length];
        for (int flat = 0; flat < data.Length; flat++)
        {
            int rest = flat;
            for (int k = shape.Length - 1; k >= 0; k--) { index[k] = rest % shape[k]; rest /= shape[k]; }
            int slot = 0;
            for (int k = 0, r = 0; k < shape.Length; k++) if (k != d) slot += index[k] * strides[r++];
            double v = data[flat];
            bool better = indices[slot] < 0 || (double.IsNaN(v) && !double.IsNaN(values[slot]))
                || (!double.IsNaN(values[slot]) && (largest ? v > values[slot] : v < values[slot]));
            if (better) { values[slot] = v; indices[slot] = index[d]; }
        }
        return (values, indices);
    }

    private static Gen<(Tensor X, int Dim)> TiedAlongADim() =>
        from shape in TensorGen.Shape(maxRank: 3).Where(s => s.Length > 0)
        from v in Gen.Elements(-1.0, 0.0, 1.0, 2.0, double.NaN, double.NegativeInfinity).ArrayOf(Shapes.Count(shape))
        from dim in Gen.Choose(-shape.Length, shape.Length - 1)
        select (Tensor.FromArray(v, shape), dim);

    [Property(MaxTest = 40)]
    public Property ValuesAndIndicesAlongDimMatchANaiveLoopIncludingTiesAndNaN() =>
        Prop.ForAll(TiedAlongADim().ToArbitrary(), c =>
        {
            foreach (bool largest in new[] { true, false })
            {
                var (values, indices) = largest ? c.X.Max(c.Dim) : c.X.Min(c.Dim);
                var expected = NaiveAlong(c.X, c.Dim, largest);
                Assert.Equal(expected.Values, values.ToArray());
                Assert.Equal(expected.Indices, indices.ToArray());
                Assert.Equal(expected.Indices, (largest ? c.X.ArgMax(c.Dim) : c.X.ArgMin(c.Dim)).ToArray());
                var reducedShape = c.X.Shape.Where((_, k) => k != (c.Dim + c.X.Rank) % c.X.Rank).ToArray();
                Assert.Equal(reducedShape, values.Shape);
                Assert.Equal(reducedShape, indices.Shape);
            }
            return true;
        });

    [Property(MaxTest = 40)]
    public Property FlatArgMaxAndArgMinMatchANaiveLoop() =>
        Prop.ForAll(TiedAlongADim().ToArbitrary(), c =>
        {
            var flat = c.X.Reshape(-1);
            var expectedMax = NaiveAlong(flat, 0, largest: true).Indices;
            var expectedMin = NaiveAlong(flat, 0, largest: false).Indices;
            return c.X.ArgMax().Item() == expectedMax[0] && c.X.ArgMin().Item() == expectedMin[0] && c.X.ArgMax().Rank == 0;
        });

    [Fact]
    public void FullMaxSplitsTheGradientEvenlyAtTies()
    {
        var x = Tensor.FromArray([1.0, 3, 3], requiresGrad: true);
        x.Max().Backward();
        Assert.Equal([0, 0.5, 0.5], x.Grad!.ToArray());

        var y = Tensor.FromArray([2.0, -1, 5, -1, -1, 0], [2, 3], requiresGrad: true);
        (y.Min() * 6.0).Backward();
        Assert.Equal([0, 2, 0, 2, 2, 0], y.Grad!.ToArray());
    }

    [Fact]
    public void MaxAlongDimSendsTheGradientToTheFirstTiedIndex()
    {
        var x = Tensor.FromArray([1.0, 3, 3, 7, 7, 2], [2, 3], requiresGrad: true);
        var (values, indices) = x.Max(1);
        Assert.Equal([3.0, 7], values.ToArray());
        Assert.Equal([1.0, 0], indices.ToArray());
        values.Sum().Backward();
        Assert.Equal([0, 1.0, 0, 1, 0, 0], x.Grad!.ToArray());

        var z = Tensor.FromArray([4.0, 4, 1, 1], [2, 2], requiresGrad: true);
        var (minimum, at) = z.Min(0, keepDim: true);
        Assert.Equal([1, 2], minimum.Shape);
        Assert.Equal([1.0, 1], at.ToArray());
        minimum.Sum().Backward();
        Assert.Equal([0, 0, 1.0, 1], z.Grad!.ToArray());
        Assert.False(at.RequiresGrad);
    }

    [Fact]
    public void NaNPropagatesAndCountsAsTheExtremum()
    {
        var x = Tensor.FromArray([1.0, double.NaN, 3, double.NaN], requiresGrad: true);
        Assert.True(double.IsNaN(x.Max().Item()));
        Assert.True(double.IsNaN(x.Min().Item()));
        Assert.Equal(1, x.ArgMax().Item());
        Assert.Equal(1, x.ArgMin().Item());
        x.Max().Backward();
        Assert.Equal([0, 0.5, 0, 0.5], x.Grad!.ToArray());

        var m = Tensor.FromArray([5.0, double.NaN, 9, 2], [2, 2]);
        var (values, indices) = m.Max(0);
        Assert.Equal(9, values.ToArray()[0]);
        Assert.True(double.IsNaN(values.ToArray()[1]));
        Assert.Equal([1.0, 0], indices.ToArray());
        Assert.Equal(double.NegativeInfinity, Tensor.FromArray([double.NegativeInfinity, double.NegativeInfinity]).Max().Item());
    }

    [Fact]
    public void ScalarsAndEmptySlicesFollowPyTorch()
    {
        var s = Tensor.Scalar(2.5, requiresGrad: true);
        var (v, i) = s.Max(0);
        Assert.Equal(2.5, v.Item());
        Assert.Equal(0, i.Item());
        Assert.Empty(v.Shape);
        Assert.Empty(s.Min(-1, keepDim: true).Values.Shape);
        Assert.Equal(0, s.ArgMax().Item());
        Assert.Equal(0, s.ArgMin(0).Item());
        v.Backward();
        Assert.Equal(1, s.Grad!.Item());

        // An empty dimension that is not reduced gives an empty result.
        var e = Tensor.Zeros([0, 3], requiresGrad: true);
        var (ev, ei) = e.Max(1);
        Assert.Equal([0], ev.Shape);
        Assert.Equal([0, 1], e.ArgMin(-1, keepDim: true).Shape);
        Assert.Equal([0], ei.Shape);
        Assert.True(GradCheck.Check(xs => xs[0].Max(1).Values, [e]).Passed);
    }

    [Fact]
    public void EmptyTensorsAndEmptyDimensionsThrowNamingTheShape()
    {
        var e = Tensor.Zeros([2, 0]);
        foreach (var call in new Func<object>[] { () => e.Max(), () => e.Min(), () => e.ArgMax(), () => e.ArgMin() })
            Assert.Contains("[2, 0]", Assert.Throws<ArgumentException>(call).Message);
        foreach (var call in new Func<object>[] { () => e.Max(1), () => e.Min(-1), () => e.ArgMax(1), () => e.ArgMin(1, keepDim: true) })
        {
            var ex = Assert.Throws<ArgumentException>(call);
            Assert.Equal("dim", ex.ParamName);
            Assert.Contains("[2, 0]", ex.Message);
        }
        Assert.Equal([2, 0], e.Shape);
    }

    [Fact]
    public void OutOfRangeDimsThrowNamingDimAndRank()
    {
        var x = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], [2, 3]);
        foreach (var (call, dim) in new (Func<object>, int)[]
                 { (() => x.Max(2), 2), (() => x.Min(-3), -3), (() => x.ArgMax(5), 5), (() => x.ArgMin(-3, true), -3), (() => Tensor.Scalar(1).Max(1), 1) })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Equal("dim", ex.ParamName);
            Assert.Contains($"Dimension {dim}", ex.Message);
            Assert.Contains("rank", ex.Message);
        }
        AssertClose([1, 2, 3, 4, 5, 6], x);
    }

    [Fact]
    public void MaxDoesNotChangeItsInput()
    {
        double[] v = [3, -1, 3, 8, 0, 8];
        var x = Tensor.FromArray(v, [3, 2], requiresGrad: true);
        x.Max(0).Values.Sum().Backward();
        x.Min().Backward();
        Assert.Equal(v, x.ToArray());
    }
}
