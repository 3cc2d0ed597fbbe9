using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

public class ElementwiseTests
{
    [Property(MaxTest = 30)] public Property ExpPassesGradCheck() => UnaryGradCheck(-2, 2, x => x.Exp());
    [Property(MaxTest = 30)] public Property LogPassesGradCheck() => UnaryGradCheck(0.2, 3, x => x.Log());
    [Property(MaxTest = 30)] public Property SqrtPassesGradCheck() => UnaryGradCheck(0.2, 3, x => x.Sqrt());
    [Property(MaxTest = 30)] public Property SigmoidPassesGradCheck() => UnaryGradCheck(-4, 4, x => x.Sigmoid());
    [Property(MaxTest = 30)] public Property TanhPassesGradCheck() => UnaryGradCheck(-3, 3, x => x.Tanh());
    [Property(MaxTest = 30)] public Property ReluPassesGradCheckAwayFromTheKink() => UnaryGradCheckAwayFromZero(0.1, 2, x => x.Relu());
    [Property(MaxTest = 30)] public Property AbsPassesGradCheckAwayFromTheKink() => UnaryGradCheckAwayFromZero(0.1, 2, x => x.Abs());

    [Property(MaxTest = 30)]
    public Property PowPassesGradCheckForRealExponents() =>
        Prop.ForAll(
            (from p in Gen.Elements(2.0, 3.0, 0.5, -1.5, 1.0, 0.0)
             from x in TensorGen.Tensor(0.3, 2)
             select (p, x)).ToArbitrary(),
            c =>
            {
                var result = GradCheck.Check(xs => xs[0].Pow(c.p), [c.x]);
                return result.Passed.Label($"p = {c.p}: {result}");
            });

    [Fact]
    public void ValuesAndGradientsMatchClosedForms()
    {
        double[] xs = [0.25, 1.0, 2.0];
        var x = Tensor.FromArray(xs, [3], requiresGrad: true);
        (Func<Tensor, Tensor> op, Func<double, double> f, Func<double, double> df)[] cases =
        [
            (t => t.Exp(), Math.Exp, Math.Exp),
            (t => t.Log(), Math.Log, v => 1 / v),
            (t => t.Sqrt(), Math.Sqrt, v => 0.5 / Math.Sqrt(v)),
            (t => t.Pow(3), v => v * v * v, v => 3 * v * v),
            (t => t.Sigmoid(), v => 1 / (1 + Math.Exp(-v)), v => Math.Exp(-v) / Math.Pow(1 + Math.Exp(-v), 2)),
            (t => t.Tanh(), Math.Tanh, v => 1 / Math.Pow(Math.Cosh(v), 2)),
            (t => t.Relu(), v => Math.Max(v, 0), v => v > 0 ? 1 : 0),
        ];
        foreach (var (op, f, df) in cases)
        {
            x.ZeroGrad();
            var y = op(x);
            AssertClose(xs.Select(f).ToArray(), y);
            y.Sum().Backward();
            AssertClose(xs.Select(df).ToArray(), x.Grad!);
        }
    }

    [Fact]
    public void ReluGradientAtZeroIsZeroAndNegativeSideIsZero()
    {
        var x = Tensor.FromArray([-1.0, 0.0, 2.0], [3], requiresGrad: true);
        x.Relu().Sum().Backward();
        AssertClose([0, 0, 1], x.Grad!);
    }

    [Fact]
    public void ReluPassesTheGradientThroughAtNaNAsPyTorch()
    {
        // PyTorch's threshold_backward(grad, result, 0) passes grad where the result is not ≤ 0, and NaN ≤ 0 is false.
        var x = Tensor.FromArray([double.NaN, -0.0, -3.0, 0.5], [4], requiresGrad: true);
        x.Relu().Backward(Tensor.FromArray([2.0, 2.0, 2.0, 2.0], [4]));
        Assert.Equal([2.0, 0.0, 0.0, 2.0], x.Grad!.ToArray());
    }

    [Fact]
    public void IeeeSpecialValuesComeThroughWithoutExceptions()
    {
        Assert.Equal(double.NegativeInfinity, Tensor.Scalar(0).Log().Item());
        Assert.True(double.IsNaN(Tensor.Scalar(-1).Log().Item()));
        Assert.Equal(double.PositiveInfinity, Tensor.Scalar(800).Exp().Item());
        Assert.True(double.IsNaN(Tensor.Scalar(-4).Sqrt().Item()));
        Assert.True(double.IsNaN(Tensor.Scalar(double.NaN).Relu().Item()));
    }

    [Fact]
    public void PowZeroHasZeroGradientEvenAtZero()
    {
        var x = Tensor.FromArray([0.0, 2.0], [2], requiresGrad: true);
        x.Pow(0).Sum().Backward();
        AssertClose([0, 0], x.Grad!);
    }
}
