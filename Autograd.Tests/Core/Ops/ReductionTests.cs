using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

public class ReductionTests
{
    [Property(MaxTest = 30)] public Property SumPassesGradCheck() => UnaryGradCheck(-2, 2, x => x.Sum());
    [Property(MaxTest = 30)] public Property MeanPassesGradCheck() => UnaryGradCheck(-2, 2, x => x.Mean());

    [Property(MaxTest = 30)] public Property LogSumExpPassesGradCheck() => UnaryGradCheck(-3, 3, x => x.LogSumExp());

    [Property(MaxTest = 10)]
    public Property LogSumExpPassesSecondOrderGradCheck() =>
        Prop.ForAll(TensorGen.Tensor(-2, 2).ToArbitrary(), x => GradCheck.CheckSecondOrder(xs => xs[0].LogSumExp(), [x]).Passed);

    [Fact]
    public void LogSumExpIsLogOfTheSumOfExponentialsWithoutOverflow()
    {
        double[] v = [0.5, -1.25, 2.0, 3.5];
        Assert.Equal(Math.Log(v.Sum(Math.Exp)), Tensor.FromArray(v).LogSumExp().Item(), 1e-14);
        Assert.Equal(1000 + Math.Log(3), Tensor.FromArray([1000.0, 1000.0, 1000.0]).LogSumExp().Item(), 1e-12);   // e¹⁰⁰⁰ overflows
        Assert.Equal(-1000 + Math.Log(2), Tensor.FromArray([-1000.0, -1000.0]).LogSumExp().Item(), 1e-12);     // e⁻¹⁰⁰⁰ underflows
        Assert.Equal(double.NegativeInfinity, Tensor.FromArray([]).LogSumExp().Item());
        Assert.Equal(double.PositiveInfinity, Tensor.FromArray([1.0, double.PositiveInfinity]).LogSumExp().Item());
        Assert.True(double.IsNaN(Tensor.FromArray([1.0, double.NaN]).LogSumExp().Item()));
        Assert.Equal(double.NegativeInfinity, Tensor.FromArray([double.NegativeInfinity, double.NegativeInfinity]).LogSumExp().Item());
    }

    [Fact]
    public void LogSumExpGradientIsTheSoftmaxOnLargeInputsOnEveryCore()
    {
        // 300,001 elements: the sum and the fused backward are split into chunks; compare with the closed form.
        var r = new Random(8);
        var v = Enumerable.Range(0, 300_001).Select(_ => r.NextDouble() * 20 - 10).ToArray();
        var x = Tensor.FromArray(v, requiresGrad: true);
        var y = x.LogSumExp();
        (y * 3.0).Backward();
        double max = v.Max(), sum = v.Sum(a => Math.Exp(a - max)), lse = max + Math.Log(sum);
        Assert.Equal(lse, y.Item(), 1e-12);
        var grad = x.Grad!.ToArray();
        for (int i = 0; i < v.Length; i += 997) Assert.Equal(3 * Math.Exp(v[i] - lse), grad[i], 1e-15);
    }

    private static Gen<(Tensor X, int Dim, bool KeepDim)> AlongADim() =>
        from shape in TensorGen.Shape(maxRank: 3).Where(s => s.Length > 0)
        from x in TensorGen.Tensor(shape, -2, 2)
        from dim in Gen.Choose(-shape.Length, shape.Length - 1)
        from keep in Gen.Elements(true, false)
        select (x, dim, keep);

    [Property(MaxTest = 30)]
    public Property SumAlongDimPassesGradCheck() =>
        Prop.ForAll(AlongADim().ToArbitrary(), c => GradCheck.Check(xs => xs[0].Sum(c.Dim, c.KeepDim), [c.X]).Passed);

    [Property(MaxTest = 30)]
    public Property MeanAlongDimPassesGradCheck() =>
        Prop.ForAll(AlongADim().ToArbitrary(), c => GradCheck.Check(xs => xs[0].Mean(c.Dim, c.KeepDim), [c.X]).Passed);

    private static Gen<(int[] Small, int[] Big)> SmallAndBig() =>
        TensorGen.BroadcastPair().Select(p => (p.A, Shapes.Broadcast(p.A, p.B)));

    [Property(MaxTest = 30)]
    public Property BroadcastToPassesGradCheck() =>
        Prop.ForAll(SmallAndBig().SelectMany(s => TensorGen.Tensor(s.Small, -2, 2).Select(x => (x, s.Big))).ToArbitrary(),
            c => GradCheck.Check(xs => xs[0].BroadcastTo(c.Big), [c.x]).Passed);

    [Property(MaxTest = 30)]
    public Property SumToPassesGradCheck() =>
        Prop.ForAll(SmallAndBig().SelectMany(s => TensorGen.Tensor(s.Big, -2, 2).Select(x => (x, s.Small))).ToArbitrary(),
            c => GradCheck.Check(xs => xs[0].SumTo(c.Small), [c.x]).Passed);

    [Fact]
    public void SumAlongDimsMatchesHandComputedValues()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3]);
        AssertClose([5, 7, 9], x.Sum(0));
        AssertClose([6, 15], x.Sum(1));
        AssertClose([6, 15], x.Sum(-1));
        Assert.Equal([2, 1], x.Sum(1, keepDim: true).Shape);
        AssertClose([2, 5], x.Mean(1));
        Assert.Equal(21, x.Sum().Item());
        Assert.Equal(3.5, x.Mean().Item());
        Assert.Empty(x.Sum().Shape);
    }

    [Fact]
    public void SumToAndBroadcastToAreAdjoint()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3]);
        AssertClose([5, 7, 9], x.SumTo(3));
        AssertClose([6, 15], x.SumTo(2, 1));
        AssertClose([1, 2, 3, 1, 2, 3], Tensor.FromArray([1, 2, 3], [3]).BroadcastTo(2, 3));
        var v = Tensor.FromArray([1, 2, 3], [3], requiresGrad: true);
        v.BroadcastTo(4, 3).Sum().Backward();
        AssertClose([4, 4, 4], v.Grad!);
    }

    [Fact]
    public void OutOfRangeDimThrows()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Mean(-3));
    }

    [Fact]
    public void MeanOfEmptyTensorIsNaN() => Assert.True(double.IsNaN(Tensor.Zeros(0).Mean().Item()));

    [Fact]
    public void AScalarAcceptsDimZeroAndMinusOneAsPyTorchDoes()
    {
        var s = Tensor.Scalar(2.5);
        Assert.Equal(2.5, s.Sum(-1).Item());
        Assert.Equal(2.5, s.Mean(0).Item());
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Sum(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Sum(-2));
    }

    [Property(MaxTest = 30)]
    public Property LogSumExpAlongADimPassesGradCheck() =>
        Prop.ForAll(AlongADim().ToArbitrary(), c => GradCheck.Check(xs => xs[0].LogSumExp(c.Dim, c.KeepDim), [c.X]).Passed);

    [Property(MaxTest = 10)]
    public Property LogSumExpAlongADimPassesSecondOrderGradCheck() =>
        Prop.ForAll(AlongADim().ToArbitrary(), c => GradCheck.CheckSecondOrder(xs => xs[0].LogSumExp(c.Dim, c.KeepDim), [c.X]).Passed);

    [Fact]
    public void LogSumExpAlongADimIsEachRowsLogSumExpStably()
    {
        var x = Tensor.FromArray([0.5, -1.25, 2.0, 1000.0, 1000.0, 1000.0, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity,
            1.0, double.PositiveInfinity, 0.0], [4, 3]);
        var rows = x.LogSumExp(1).ToArray();
        Assert.Equal(Math.Log(Math.Exp(0.5) + Math.Exp(-1.25) + Math.Exp(2.0)), rows[0], 1e-14);
        Assert.Equal(1000 + Math.Log(3), rows[1], 1e-12);
        Assert.Equal(double.NegativeInfinity, rows[2]);
        Assert.Equal(double.PositiveInfinity, rows[3]);
        Assert.Equal([4, 1], x.LogSumExp(-1, keepDim: true).Shape);
        var columns = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], [2, 2]).LogSumExp(0);
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(3)), columns.ToArray()[0], 1e-14);
        Assert.Equal(Math.Log(Math.Exp(2) + Math.Exp(4)), columns.ToArray()[1], 1e-14);
    }

    [Fact]
    public void LogSumExpAlongADimHasTheSoftmaxAsItsGradient()
    {
        var v = new[] { 0.5, -1.0, 2.0, 3.0, 3.0, -2.0 };
        var x = Tensor.FromArray(v, [2, 3], requiresGrad: true);
        x.LogSumExp(1).Sum().Backward();
        var g = x.Grad!.ToArray();
        for (int row = 0; row < 2; row++)
        {
            double z = Enumerable.Range(0, 3).Sum(j => Math.Exp(v[row * 3 + j]));
            for (int j = 0; j < 3; j++) Assert.Equal(Math.Exp(v[row * 3 + j]) / z, g[row * 3 + j], 1e-15);
        }
    }
}
