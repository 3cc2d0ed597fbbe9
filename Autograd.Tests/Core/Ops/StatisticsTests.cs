using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

public class StatisticsTests
{
    // ---- Prod ----

    /// <summary>A tensor of random shape (sizes 1..4) in [−1.5, 1.5] with exactly <paramref name="zeros"/> elements set to 0 (fewer if it is smaller).</summary>
    private static Gen<Tensor> WithZeros(int zeros) =>
        from shape in TensorGen.Shape(maxRank: 3)
        from values in TensorGen.NonZeroValues(Shapes.Count(shape), 0.5, 1.5)
        from order in Gen.Shuffle(Enumerable.Range(0, values.Length).ToArray())
        select Tensor.FromArray(values.Select((v, i) => order[i] < zeros ? 0.0 : v).ToArray(), shape, requiresGrad: true);

    [Property(MaxTest = 30)]
    public Property ProdPassesGradCheckWithZeroOneOrTwoZeros() =>
        Prop.ForAll(Gen.Choose(0, 2).SelectMany(WithZeros).ToArbitrary(), x => GradCheck.Check(xs => xs[0].Prod(), [x]).Passed);

    [Property(MaxTest = 20)]
    public Property ProdPassesSecondOrderGradCheckWithNoZeroOrOne() =>
        Prop.ForAll(Gen.Choose(0, 1).SelectMany(WithZeros).ToArbitrary(), x => GradCheck.CheckSecondOrder(xs => xs[0].Prod(), [x]).Passed);

    [Property(MaxTest = 30)]
    public Property ProdMatchesANaiveProduct() =>
        Prop.ForAll(TensorGen.Tensor(-2, 2, requiresGrad: false).ToArbitrary(), x =>
        {
            double p = 1;
            var v = x.ToArray();
            for (int i = v.Length - 1; i >= 0; i--) p *= v[i];   // the other order: equal up to rounding
            return Math.Abs(x.Prod().Item() - p) <= 1e-12 * Math.Max(1, Math.Abs(p));
        });

    [Fact]
    public void ProdGradientIsExactWithZeros()
    {
        var x = Tensor.FromArray([2.0, 0, 3], requiresGrad: true);
        x.Prod().Backward();
        Assert.Equal([0.0, 6, 0], x.Grad!.ToArray());

        var y = Tensor.FromArray([0.0, 0, 3], requiresGrad: true);
        y.Prod().Backward();
        Assert.Equal([0.0, 0, 0], y.Grad!.ToArray());

        var z = Tensor.FromArray([2.0, -4, 0.5], requiresGrad: true);
        var p = z.Prod();
        Assert.Equal(-4, p.Item());
        p.Backward();
        Assert.Equal([-2.0, 1, -8], z.Grad!.ToArray());

        // The second derivative through the one-zero rule: ∂²(xyz)/∂x∂y = z, also where y = 0.
        var w = Tensor.FromArray([2.0, 0, 3], requiresGrad: true);
        var g = Autograd.Autodiff.Grad(w.Prod(), [w], createGraph: true)[0]!;
        var h = Autograd.Autodiff.Grad(g.Sum(), [w])[0]!;
        Assert.Equal([0 + 3, 2 + 3, 2 + 0], h.ToArray());   // row sums of the Hessian [[0, z, y], [z, 0, x], [y, x, 0]]

        Assert.Equal(1, Tensor.Zeros(0).Prod().Item());
        Assert.Empty(Tensor.Scalar(3).Prod().Shape);
    }

    // ---- Var and Std ----

    [Property(MaxTest = 30)]
    public Property FullVarAndStdAgreeWithMathNet() =>
        Prop.ForAll(TensorGen.Tensor(-3, 3, requiresGrad: false).Where(t => t.Count >= 2).ToArbitrary(), x =>
        {
            var v = x.ToArray();
            const double tol = 1e-12;
            return Math.Abs(x.Var().Item() - Statistics.Variance(v)) <= tol
                && Math.Abs(x.Var(unbiased: false).Item() - Statistics.PopulationVariance(v)) <= tol
                && Math.Abs(x.Std().Item() - Statistics.StandardDeviation(v)) <= tol
                && Math.Abs(x.Std(false).Item() - Statistics.PopulationStandardDeviation(v)) <= tol
                && x.Var().Rank == 0;
        });

    private static Gen<(Tensor X, int Dim, bool Unbiased, bool KeepDim)> AlongADim(bool needSpread) =>
        from shape in TensorGen.Shape(maxRank: 3).Where(s => s.Length > 0)
        from x in TensorGen.Tensor(shape, -2, 2)
        from dim in Gen.Choose(-shape.Length, shape.Length - 1)
        from unbiasedWanted in Gen.Elements(true, false)
        from keep in Gen.Elements(true, false)
        let n = shape[(dim + shape.Length) % shape.Length]
        // Unbiased needs two elements (n − 1 = 0 gives NaN); Std needs two (σ = 0 on a single element, where √ has no derivative).
        where !needSpread || n >= 2
        select (x, dim, unbiasedWanted && n >= 2, keep);

    [Property(MaxTest = 30)]
    public Property VarAlongDimAgreesWithMathNetPerSlice() =>
        Prop.ForAll(AlongADim(needSpread: true).ToArbitrary(), c =>
        {
            int d = (c.Dim + c.X.Rank) % c.X.Rank;
            // Move the reduced dimension last by transposing through a permutation done by hand on the data.
            var shape = c.X.Shape;
            int length = shape[d], inner = Shapes.Count(shape.AsSpan(d + 1)), outer = Shapes.Count(shape.AsSpan(0, d));
            var data = c.X.ToArray();
            var expected = new List<double>();
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    var slice = Enumerable.Range(0, length).Select(j => data[(o * length + j) * inner + i]).ToArray();
                    expected.Add(c.Unbiased ? Statistics.Variance(slice) : Statistics.PopulationVariance(slice));
                }
            var got = c.X.Var(c.Dim, c.Unbiased, c.KeepDim);
            AssertClose([.. expected], got, 1e-12);
            AssertClose([.. expected.Select(Math.Sqrt)], c.X.Std(c.Dim, c.Unbiased, c.KeepDim), 1e-12);
            var reducedShape = c.KeepDim ? shape.Select((s, k) => k == d ? 1 : s).ToArray() : shape.Where((_, k) => k != d).ToArray();
            return got.Shape.SequenceEqual(reducedShape);
        });

    [Property(MaxTest = 30)]
    public Property VarAlongDimPassesGradCheck() =>
        Prop.ForAll(AlongADim(needSpread: false).ToArbitrary(), c => GradCheck.Check(xs => xs[0].Var(c.Dim, c.Unbiased, c.KeepDim), [c.X]).Passed);

    [Property(MaxTest = 20)]
    public Property VarAlongDimPassesSecondOrderGradCheck() =>
        Prop.ForAll(AlongADim(needSpread: false).ToArbitrary(), c => GradCheck.CheckSecondOrder(xs => xs[0].Var(c.Dim, c.Unbiased, c.KeepDim), [c.X]).Passed);

    [Property(MaxTest = 30)]
    public Property StdAlongDimPassesGradCheck() =>
        Prop.ForAll(AlongADim(needSpread: true).ToArbitrary(), c => GradCheck.Check(xs => xs[0].Std(c.Dim, c.Unbiased, c.KeepDim), [c.X]).Passed);

    [Property(MaxTest = 20)]
    public Property StdAlongDimPassesSecondOrderGradCheck() =>
        Prop.ForAll(AlongADim(needSpread: true).ToArbitrary(), c => GradCheck.CheckSecondOrder(xs => xs[0].Std(c.Dim, c.Unbiased, c.KeepDim), [c.X]).Passed);

    [Property(MaxTest = 30)]
    public Property FullVarAndStdPassGradCheck() =>
        Prop.ForAll(TensorGen.Tensor(-2, 2).Where(t => t.Count >= 2).ToArbitrary(), x =>
            GradCheck.Check(xs => xs[0].Var(), [x]).Passed && GradCheck.Check(xs => xs[0].Std(false), [x]).Passed
            && GradCheck.CheckSecondOrder(xs => xs[0].Std(), [x]).Passed);

    [Fact]
    public void TooFewElementsGiveNaNAsPyTorch()
    {
        var one = Tensor.FromArray([5.0]);
        Assert.True(double.IsNaN(one.Var().Item()));
        Assert.True(double.IsNaN(one.Std().Item()));
        Assert.Equal(0, one.Var(unbiased: false).Item());
        Assert.True(double.IsNaN(Tensor.Zeros(0).Var().Item()));
        Assert.True(double.IsNaN(Tensor.Zeros(0).Var(unbiased: false).Item()));
        var column = Tensor.FromArray([1.0, 2, 3], [3, 1]);
        Assert.All(column.Var(1).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal([3], column.Var(1).Shape);
        Assert.Equal([0.0, 0, 0], column.Var(-1, unbiased: false).ToArray());
        Assert.Equal(1, column.Var(0).Item());
        Assert.True(double.IsNaN(Tensor.Scalar(2).Var(0).Item()));
        Assert.Equal([0, 1], Tensor.Zeros(0, 4).Var(1, keepDim: true).Shape);
    }

    [Fact]
    public void VarAndStdMatchHandValues()
    {
        var x = Tensor.FromArray([1.0, 2, 3, 4, 6, 8], [2, 3], requiresGrad: true);
        AssertClose([1, 4], x.Var(1));
        AssertClose([4.5, 8, 12.5], x.Var(0));
        AssertClose([2.0 / 3, 8.0 / 3], x.Var(-1, unbiased: false));
        AssertClose([1, 2], x.Std(1));
        x.Var(1).Sum().Backward();   // ∂/∂x = 2(x − x̄)/(n − 1)
        AssertClose([-1, 0, 1, -2, 0, 2], x.Grad!);
    }

    [Fact]
    public void OutOfRangeDimsThrowNamingDimAndRank()
    {
        var x = Tensor.FromArray([1.0, 2, 3, 4], [2, 2]);
        foreach (var (call, dim) in new (Func<object>, int)[] { (() => x.Var(2), 2), (() => x.Std(-3), -3), (() => x.Var(7, false, true), 7) })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Equal("dim", ex.ParamName);
            Assert.Contains($"Dimension {dim}", ex.Message);
            Assert.Contains("rank 2", ex.Message);
        }
        Assert.Equal([1.0, 2, 3, 4], x.ToArray());
    }

    // ---- Norm ----

    [Property(MaxTest = 30)]
    public Property NormAgreesWithMathNetL2Norm() =>
        Prop.ForAll(TensorGen.Tensor(-3, 3, requiresGrad: false).ToArbitrary(), x =>
        {
            double expected = Vector<double>.Build.DenseOfArray(x.ToArray()).L2Norm();
            return Math.Abs(x.Norm().Item() - expected) <= 1e-12 * Math.Max(1, expected) && x.Norm().Rank == 0;
        });

    [Property(MaxTest = 30)]
    public Property NormPassesGradCheck() => UnaryGradCheckAwayFromZero(0.25, 2, x => x.Norm());

    [Property(MaxTest = 20)]
    public Property NormPassesSecondOrderGradCheck() =>
        Prop.ForAll(TensorGen.Shape().SelectMany(s => TensorGen.NonZeroTensor(s, 0.25, 2)).ToArbitrary(),
            x => GradCheck.CheckSecondOrder(xs => xs[0].Norm(), [x]).Passed);

    [Fact]
    public void NormGradientIsZeroNotNaNAtZero()
    {
        var x = Tensor.Zeros([2, 3], requiresGrad: true);
        var n = x.Norm();
        Assert.Equal(0, n.Item());
        n.Backward();
        Assert.Equal(new double[6], x.Grad!.ToArray());

        var y = Tensor.FromArray([3.0, -4], requiresGrad: true);
        Assert.Equal(5, y.Norm().Item());
        (y.Norm() * 10.0).Backward();
        AssertClose([6, -8], y.Grad!);
        Assert.Equal(0, Tensor.Zeros(0).Norm().Item());
    }
}
