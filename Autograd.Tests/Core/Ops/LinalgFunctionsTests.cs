using MathNet.Numerics.LinearAlgebra;
using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

/// <summary>Linalg.Cholesky, Solve, Inverse and LogDet: values against closed forms and MathNet, gradients, errors.</summary>
public class LinalgFunctionsTests
{
    /// <summary>A random symmetric positive-definite n×n matrix MᵀM + n·I, n in 1..4, as a leaf that requires a gradient.</summary>
    private static Gen<Tensor> Spd(int minN = 1) =>
        from n in Gen.Choose(minN, 4)
        from m in TensorGen.Values(n * n, -1, 1)
        select Tensor.FromArray(SpdData(n, m), [n, n], requiresGrad: true);

    private static double[] SpdData(int n, double[] m)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
                a[i * n + j] = s;
            }
        return a;
    }

    private static Gen<(Tensor A, Tensor B)> SpdWithRightHandSide =>
        from a in Spd()
        from vector in Gen.Elements(true, false)
        from k in Gen.Choose(1, 3)
        from b in TensorGen.Tensor(vector ? [a.Shape[0]] : [a.Shape[0], k], -2, 2)
        select (a, b);

    private static Property SecondOrderPasses<T>(Gen<T> inputs, Func<T, Tensor[]> toTensors, Func<Tensor[], Tensor> f) =>
        Prop.ForAll(inputs.ToArbitrary(), value =>
        {
            var result = GradCheck.CheckSecondOrder(f, toTensors(value));
            return result.Passed.Label(result.ToString());
        });

    private static Tensor Symmetrized(Tensor m) => (m + m.T) * 0.5;

    // ---- values ----

    [Fact]
    public void InverseOf2x2MatchesTheAdjugateFormula()
    {
        // [[a, b], [c, d]]⁻¹ = [[d, −b], [−c, a]] / (ad − bc); here det = 24 − 14 = 10.
        AssertClose([0.6, -0.7, -0.2, 0.4], Linalg.Inverse(Tensor.FromArray([4, 7, 2, 6], [2, 2])), 1e-14);
    }

    [Fact]
    public void CholeskyOf2x2MatchesHandComputedFactor()
    {
        // l₁₁ = √4 = 2, l₂₁ = 2/2 = 1, l₂₂ = √(5 − 1) = 2.
        AssertClose([2, 0, 1, 2], Linalg.Cholesky(Tensor.FromArray([4, 2, 2, 5], [2, 2])), 1e-14);
    }

    [Fact]
    public void CholeskyReadsOnlyTheLowerTriangle()
    {
        AssertClose([2, 0, 1, 2], Linalg.Cholesky(Tensor.FromArray([4, 100, 2, 5], [2, 2])), 1e-14);
    }

    [Fact]
    public void SolveOf2x2MatchesCramersRule()
    {
        // det = 5; x₁ = (3·3 − 1·5)/5, x₂ = (2·5 − 1·3)/5.
        var x = Linalg.Solve(Tensor.FromArray([2, 1, 1, 3], [2, 2]), Tensor.FromArray([3.0, 5]));
        Assert.Equal([2], x.Shape);
        AssertClose([0.8, 1.4], x, 1e-14);
    }

    [Fact]
    public void LogDetFollowsPyTorchForPositiveNegativeSingularAndEmpty()
    {
        Assert.Equal(Math.Log(10), Linalg.LogDet(Tensor.FromArray([4, 7, 2, 6], [2, 2])).Item(), 1e-14);
        Assert.Empty(Linalg.LogDet(Tensor.FromArray([4, 7, 2, 6], [2, 2])).Shape);
        Assert.True(double.IsNaN(Linalg.LogDet(Tensor.FromArray([0, 1, 1, 0], [2, 2])).Item()));  // det = −1
        Assert.Equal(Math.Log(2), Linalg.LogDet(Tensor.FromArray([0, 1, 0, 1, 0, 0, 0, 0, -2], [3, 3])).Item(), 1e-14);  // det = 2 with pivoting
        Assert.Equal(double.NegativeInfinity, Linalg.LogDet(Tensor.FromArray([1, 2, 2, 4], [2, 2])).Item());
        Assert.Equal(0.0, Linalg.LogDet(Tensor.Zeros([0, 0])).Item());
    }

    [Fact]
    public void EmptyMatricesGiveEmptyResults()
    {
        var empty = Tensor.Zeros([0, 0]);
        Assert.Equal([0, 0], Linalg.Inverse(empty).Shape);
        Assert.Equal([0, 0], Linalg.Cholesky(empty).Shape);
        Assert.Equal([0, 3], Linalg.Solve(empty, Tensor.Zeros([0, 3])).Shape);
    }

    [Property(MaxTest = 20)]
    public Property FactorsAndSolutionsReproduceTheirDefinitions() =>
        Prop.ForAll(SpdWithRightHandSide.ToArbitrary(), c =>
        {
            var (a, b) = c;
            int n = a.Shape[0];
            AssertClose(Tensor.Eye(n).ToArray(), a.MatMul(Linalg.Inverse(a)), 1e-10);
            var l = Linalg.Cholesky(a);
            AssertClose(a.ToArray(), l.MatMul(l.T), 1e-10);
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) Assert.Equal(0.0, l.ToArray()[i * n + j]);
            var x = Linalg.Solve(a, b);
            Assert.Equal(b.Shape, x.Shape);
            AssertClose(b.ToArray(), a.MatMul(x.Reshape(n, -1)), 1e-10);
            double fromCholesky = 0;
            for (int i = 0; i < n; i++) fromCholesky += Math.Log(l.ToArray()[i * n + i] * l.ToArray()[i * n + i]);
            Assert.Equal(fromCholesky, Linalg.LogDet(a).Item(), 1e-10);
        });

    [Property(MaxTest = 20)]
    public Property LogDetAgreesWithMathNetDeterminantOnGeneralMatrices() =>
        Prop.ForAll((from n in Gen.Choose(1, 4) from v in TensorGen.Values(n * n, -2, 2) select (n, v)).ToArbitrary(), c =>
        {
            double det = Matrix<double>.Build.DenseOfRowMajor(c.n, c.n, c.v).Determinant();
            double got = Linalg.LogDet(Tensor.FromArray(c.v, [c.n, c.n])).Item();
            if (det > 1e-6) Assert.Equal(Math.Log(det), got, 1e-9);
            else if (det < -1e-6) Assert.True(double.IsNaN(got), $"det {det}, got {got}");
            var inverse = Matrix<double>.Build.DenseOfRowMajor(c.n, c.n, c.v);
            if (Math.Abs(det) > 1e-3)
                AssertClose(inverse.Inverse().ToRowMajorArray(), Linalg.Inverse(Tensor.FromArray(c.v, [c.n, c.n])), 1e-8);
        });

    // ---- gradients ----

    [Property(MaxTest = 20)]
    public Property InversePassesGradCheck() => GradCheckPasses(Spd(), a => [a], xs => Linalg.Inverse(xs[0]));

    [Property(MaxTest = 20)]
    public Property LogDetPassesGradCheck() => GradCheckPasses(Spd(), a => [a], xs => Linalg.LogDet(xs[0]));

    [Property(MaxTest = 20)]
    public Property SolvePassesGradCheck() => GradCheckPasses(SpdWithRightHandSide, c => [c.A, c.B], xs => Linalg.Solve(xs[0], xs[1]));

    [Property(MaxTest = 20)]
    public Property CholeskyOfSymmetrizedInputPassesGradCheck() =>
        GradCheckPasses(Spd(), a => [a], xs => Linalg.Cholesky(Symmetrized(xs[0])));

    [Property(MaxTest = 10)]
    public Property InversePassesSecondOrderGradCheck() => SecondOrderPasses(Spd(), a => [a], xs => Linalg.Inverse(xs[0]));

    [Property(MaxTest = 10)]
    public Property LogDetPassesSecondOrderGradCheck() => SecondOrderPasses(Spd(), a => [a], xs => Linalg.LogDet(xs[0]));

    [Property(MaxTest = 10)]
    public Property SolvePassesSecondOrderGradCheck() =>
        SecondOrderPasses(SpdWithRightHandSide, c => [c.A, c.B], xs => Linalg.Solve(xs[0], xs[1]));

    [Property(MaxTest = 10)]
    public Property CholeskyPassesSecondOrderGradCheck() =>
        SecondOrderPasses(Spd(), a => [a], xs => Linalg.Cholesky(Symmetrized(xs[0])));

    [Fact]
    public void LogDetGradientIsTheInverseTranspose()
    {
        var a = Tensor.FromArray([4, 7, 2, 6], [2, 2], requiresGrad: true);
        Linalg.LogDet(a).Backward();
        AssertClose([0.6, -0.2, -0.7, 0.4], a.Grad!, 1e-14);
    }

    [Fact]
    public void CholeskyGradientIsSymmetric()
    {
        var a = Tensor.FromArray([4, 2, 2, 5], [2, 2], requiresGrad: true);
        (Linalg.Cholesky(a) * Tensor.FromArray([1, 2, 3, 4], [2, 2])).Sum().Backward();
        var g = a.Grad!.ToArray();
        Assert.Equal(g[1], g[2], 1e-14);
    }

    // ---- errors ----

    public static TheoryData<string> Functions => ["Cholesky", "Solve", "Inverse", "LogDet"];

    private static Tensor Call(string function, Tensor a) => function switch
    {
        "Cholesky" => Linalg.Cholesky(a),
        "Solve" => Linalg.Solve(a, Tensor.Ones([a.Shape[0]])),
        "Inverse" => Linalg.Inverse(a),
        _ => Linalg.LogDet(a),
    };

    [Theory, MemberData(nameof(Functions))]
    public void NonSquareOrNon2DMatricesAreRefusedWithTheirShape(string function)
    {
        foreach (var shape in new[] { new[] { 2, 3 }, [3], [2, 2, 2] })
        {
            var a = Tensor.Ones(shape);
            var e = Assert.Throws<ArgumentException>(() => Call(function, a));
            Assert.Contains(function, e.Message);
            Assert.Contains(Shapes.Format(shape), e.Message);
            Assert.Equal("a", e.ParamName);
            Assert.All(a.ToArray(), v => Assert.Equal(1.0, v));
        }
    }

    [Fact]
    public void CholeskyOfIndefiniteMatrixSaysNotPositiveDefinite()
    {
        foreach (var values in new double[][] { [1, 2, 2, 1], [-1, 0, 0, 1], [0, 0, 0, 0] })
        {
            var a = Tensor.FromArray(values, [2, 2]);
            var e = Assert.Throws<ArgumentException>(() => Linalg.Cholesky(a));
            Assert.Contains("not positive definite", e.Message);
            Assert.Contains("[2, 2]", e.Message);
            Assert.Equal(values, a.ToArray());
        }
    }

    [Fact]
    public void InverseAndSolveOfSingularMatricesSaySingular()
    {
        foreach (var (values, n) in new (double[], int)[] { ([1, 2, 2, 4], 2), ([0, 0, 0, 0], 2), ([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) })
        {
            var a = Tensor.FromArray(values, [n, n]);
            var e = Assert.Throws<ArgumentException>(() => Linalg.Inverse(a));
            Assert.Contains("singular", e.Message);
            Assert.Contains($"[{n}, {n}]", e.Message);
            e = Assert.Throws<ArgumentException>(() => Linalg.Solve(a, Tensor.Ones([n])));
            Assert.Contains("singular", e.Message);
            Assert.Equal(values, a.ToArray());
        }
    }

    [Fact]
    public void SolveWithMismatchedRightHandSideNamesBothShapes()
    {
        var a = Tensor.Eye(2);
        foreach (var shape in new[] { new[] { 3 }, [3, 1], [2, 1, 1], [] })
        {
            var b = Tensor.Ones(shape);
            var e = Assert.Throws<ArgumentException>(() => Linalg.Solve(a, b));
            Assert.Contains(Shapes.Format(shape), e.Message);
            Assert.Contains("[2, 2]", e.Message);
            Assert.Equal("b", e.ParamName);
        }
        Assert.Throws<ArgumentNullException>(() => Linalg.Solve(a, null!));
        Assert.Throws<ArgumentNullException>(() => Linalg.Inverse(null!));
    }
}
