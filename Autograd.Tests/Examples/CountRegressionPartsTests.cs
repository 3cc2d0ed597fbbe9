using CountRegression.Cli;
using CountRegression.Data;
using CountRegression.Modeling;

namespace Autograd.Tests.Examples;

public class CountRegressionPartsTests
{
    [Fact]
    public void NoArgumentsMeansTheSyntheticRun()
    {
        var outcome = CommandLineParser.Parse([]);
        Assert.Equal(new CommandLineOptions(DatasetKind.Synthetic, null, "out", null, 42), outcome.Options);
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--dataset", "trees")]
    [InlineData("--dataset", "awards")]
    [InlineData("--dataset", "bike", "--csv", "/no/such/file.csv")]
    [InlineData("--epochs", "-3")]
    [InlineData("--csv")]
    public void BadCommandLinesGiveAMessageNotOptions(params string[] args)
    {
        var outcome = CommandLineParser.Parse(args);
        Assert.Null(outcome.Options);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error));
    }

    [Fact]
    public void DevianceMatchesTheClosedForm()
    {
        // 2 Σ [y log(y/μ) − (y − μ)] by hand: y = (0, 2, 5), μ = (0.5, 2, 4).
        double expected = 2 * ((0 - (0 - 0.5)) + (0 - 0) + (5 * Math.Log(5.0 / 4) - 1));
        Assert.Equal(expected, PoissonStatistics.Deviance([0, 2, 5], [0.5, 2, 4]), 1e-12);
        Assert.Equal(expected / 3, PoissonStatistics.MeanDeviance([0, 2, 5], [0.5, 2, 4]), 1e-12);
        Assert.Equal(0, PoissonStatistics.Deviance([0, 3], [1e-300, 3]), 1e-12);
    }

    [Fact]
    public void OneHotUsesTheFirstLevelAsReference()
    {
        var data = new DesignMatrixBuilder(3).OneHot("g", [1, 2, 3], [1, 2, 3]).Numeric("v", [7, 8, 9]).Build([0, 1, 2]);
        Assert.Equal(["g2", "g3", "v"], data.FeatureNames);
        Assert.Equal([0, 0, 7, 1, 0, 8, 0, 1, 9], data.Features);
        Assert.Throws<InvalidDataException>(() => new DesignMatrixBuilder(1).OneHot("g", [4], [1, 2, 3]));
    }

    [Fact]
    public void GlmFitterReachesTheMleOfAClosedFormCase()
    {
        // One binary feature: the Poisson MLE is the group means, b = log ȳ₀ and b + w = log ȳ₁.
        var data = new CountData([0, 0, 0, 1, 1, 1], [1, 2, 3, 6, 7, 8], ["x"]);
        var fit = GlmFitter.Fit(data);
        Assert.Equal(Math.Log(2), fit.Intercept, 1e-7);
        Assert.Equal(Math.Log(7), fit.Intercept + fit.Weights[0], 1e-7);
    }

    [Fact]
    public void GlmFitterGivesAConstantColumnWeightZeroAndKeepsTheMle()
    {
        // A level never seen in a training slice is a constant column; it must not get an arbitrary weight.
        var data = new CountData([0, 5, 0, 5, 0, 5, 1, 5, 1, 5, 1, 5], [1, 2, 3, 6, 7, 8], ["x", "constant"]);
        var fit = GlmFitter.Fit(data);
        Assert.Equal(0.0, fit.Weights[1]);
        Assert.Equal(Math.Log(2), fit.Intercept, 1e-7);
        Assert.Equal(Math.Log(7.0 / 2), fit.Weights[0], 1e-7);
    }
}
