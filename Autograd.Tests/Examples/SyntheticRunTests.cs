using CountRegression.Data;
using CountRegression.Runs;

namespace Autograd.Tests.Examples;

public class SyntheticRunTests
{
    [Fact]
    public void DefaultRunRecoversTheTrueCoefficients()
    {
        var result = SyntheticRun.Run(new SyntheticSettings());

        // The reference is the model the data was drawn from, not anything this run computed.
        Assert.Equal(SyntheticData.TrueWeights.Count + 1, result.Coefficients.Count);
        Assert.Equal(SyntheticData.TrueIntercept, result.Coefficients[0].Reference);
        foreach (var c in result.Coefficients)
            Assert.True(Math.Abs(c.Learned - c.Reference) <= 0.05, $"{c.Term}: learned {c.Learned}, true {c.Reference}");
        Assert.True(result.Recovered);
    }

    [Fact]
    public void LearnedModelPredictsHeldOutCountsAlmostAsWellAsTheTruth()
    {
        var result = SyntheticRun.Run(new SyntheticSettings());
        Assert.True(result.ModelDeviance < result.BaselineDeviance);
        Assert.InRange(result.ModelDeviance, result.TrueModelDeviance * 0.97, result.TrueModelDeviance * 1.03);
    }

    [Fact]
    public void OneEpochIsNotEnoughSoTheCheckCanFail()
    {
        var result = SyntheticRun.Run(new SyntheticSettings(Epochs: 1));
        Assert.False(result.Recovered);
    }

    [Fact]
    public void GeneratedDataIsReproducibleAndHasPoissonMeans()
    {
        var a = SyntheticData.Generate(5000, 3);
        var b = SyntheticData.Generate(5000, 3);
        Assert.Equal(a.Targets, b.Targets);
        Assert.Equal(a.Features, b.Features);
        // E[y] = E[exp(b + x·w)] = exp(b + |w|²/2) for x ~ N(0, I): a closed form for the sample mean to match.
        double expected = Math.Exp(SyntheticData.TrueIntercept + SyntheticData.TrueWeights.Sum(w => w * w) / 2);
        Assert.InRange(a.Targets.Average(), expected * 0.95, expected * 1.05);
        Assert.All(a.Targets, y => Assert.True(y >= 0 && y == Math.Floor(y)));
    }
}
