using Autograd.Nn;

namespace Autograd.Tests.Nn.Layers;

/// <summary>Dropout: zeroes with probability p and rescales by 1/(1 − p) in training only, reproducibly from a seed.</summary>
public class DropoutTests
{
    private static Tensor Input(int n) => Tensor.FromArray(Enumerable.Range(1, n).Select(i => 0.5 + i % 7).ToArray(), requiresGrad: true);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.75)]
    public void TrainingZeroesAboutPAndScalesTheRestByOneOverOneMinusP(double p)
    {
        const int n = 20_000;
        var x = Input(n);
        var y = new Dropout(p, new Random(17)).Forward(x);
        int zeros = 0;
        for (int i = 0; i < n; i++)
        {
            if (y.Span[i] == 0) zeros++;
            else Assert.Equal(x.Span[i] / (1 - p), y.Span[i], 1e-12 * y.Span[i]);
        }
        // Zero count ~ Binomial(n, p): within 5 standard deviations.
        double sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(zeros, n * p - 5 * sd, n * p + 5 * sd);
    }

    [Fact]
    public void GradientIsTheMask()
    {
        var x = Input(1000);
        var y = new Dropout(0.4, new Random(3)).Forward(x);
        y.Sum().Backward();
        for (int i = 0; i < x.Count; i++)
            Assert.Equal(y.Span[i] == 0 ? 0 : 1 / 0.6, x.Grad!.Span[i], 1e-15);
    }

    [Fact]
    public void EvaluationModeIsTheIdentity()
    {
        var dropout = new Dropout(0.9, new Random(1));
        dropout.Eval();
        var x = Input(100);
        Assert.Equal(x.ToArray(), dropout.Forward(x).ToArray());
        dropout.Train();
        Assert.NotEqual(x.ToArray(), dropout.Forward(x).ToArray());
    }

    [Fact]
    public void MasksAreReproducibleFromTheSeedAndFreshOnEachCall()
    {
        var x = Input(200);
        var a = new Dropout(0.5, new Random(9));
        var b = new Dropout(0.5, new Random(9));
        var first = a.Forward(x).ToArray();
        Assert.Equal(first, b.Forward(x).ToArray());
        Assert.NotEqual(first, a.Forward(x).ToArray());
    }

    [Fact]
    public void ZeroAndOneAreTheIdentityAndAllZeros()
    {
        var x = Input(50);
        Assert.Equal(x.ToArray(), new Dropout(0, new Random(1)).Forward(x).ToArray());
        Assert.All(new Dropout(1, new Random(1)).Forward(x).ToArray(), v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void ProbabilityOutsideZeroOneIsRejected(double p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p));
        Assert.Equal("p", e.ParamName);
    }

    [Fact]
    public void DefaultProbabilityIsOneHalf() => Assert.Equal(0.5, new Dropout().P);
}
