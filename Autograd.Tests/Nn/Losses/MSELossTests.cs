using Autograd.Nn;

namespace Autograd.Tests.Nn.Losses;

/// <summary>MSELoss against its closed form: value Σ(x − y)² (÷ n for Mean) and gradient 2(x − y)·w.</summary>
public class MSELossTests
{
    private static readonly Gen<(double[] X, double[] Y, Reduction Reduction)> Cases =
        from n in Gen.Choose(1, 8)
        from x in Gen.ArrayOf(Gen.Choose(-5000, 5000).Select(k => k / 997.0), n)
        from y in Gen.ArrayOf(Gen.Choose(-5000, 5000).Select(k => k / 991.0), n)
        from reduction in Gen.Elements(Reduction.Mean, Reduction.Sum)
        select (x, y, reduction);

    [Property(MaxTest = 100)]
    public Property ValueAndGradientEqualTheClosedForm() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        int n = c.X.Length;
        var x = Tensor.FromArray(c.X, requiresGrad: true);
        var loss = new MSELoss(c.Reduction).Forward(x, Tensor.FromArray(c.Y));
        loss.Backward();
        double w = c.Reduction == Reduction.Mean ? 1.0 / n : 1.0, sum = 0, magnitude = 0;
        for (int i = 0; i < n; i++)
        {
            double d = c.X[i] - c.Y[i];
            sum += d * d;
            magnitude += Math.Abs(d) * (Math.Abs(c.X[i]) + Math.Abs(c.Y[i]));
            Assert.Equal(2 * d * w, x.Grad!.Span[i], 1e-12 * (Math.Abs(c.X[i]) + Math.Abs(c.Y[i])) * w);
        }
        Assert.Equal(sum * w, loss.Item(), 1e-13 * magnitude * w + 1e-300);
    });

    [Fact]
    public void NoneReductionKeepsTheShapeWithSquaredDifferences()
    {
        var loss = new MSELoss(Reduction.None).Forward(Tensor.FromArray([1, 2, 3, 4], [2, 2]), Tensor.FromArray([0, 4, 3, 1.5], [2, 2]));
        Assert.Equal([2, 2], loss.Shape);
        Assert.Equal([1, 4, 0, 6.25], loss.ToArray());
    }

    [Fact]
    public void GradCheckPassesForInputAndTarget()
    {
        var x = Tensor.FromArray([0.3, -1.2, 2.0, 0.7], [2, 2], requiresGrad: true);
        var y = Tensor.FromArray([1.1, -0.4, 0.5, 0.0], [2, 2], requiresGrad: true);
        foreach (var reduction in Enum.GetValues<Reduction>())
        {
            var result = GradCheck.Check(t => Functional.MSELoss(t[0], t[1], reduction), [x, y]);
            Assert.True(result.Passed, result.ToString());
        }
    }

    [Fact]
    public void DifferentShapesAreRejectedNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new MSELoss().Forward(Tensor.Zeros(4, 1), Tensor.Zeros(4)));
        Assert.Contains("[4, 1]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void MisuseIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MSELoss((Reduction)3));
        Assert.Throws<InvalidOperationException>(() => new MSELoss().Forward(Tensor.Ones(1)));
        Assert.Equal(Reduction.Mean, new MSELoss().Reduction);
    }
}
