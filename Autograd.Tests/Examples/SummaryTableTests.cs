using CountRegression.Data;
using CountRegression.Modeling;
using CountRegression.Reporting;

namespace Autograd.Tests.Examples;

/// <summary>R's number formatting, the exact log-likelihood, factor level order, and Newton on a badly scaled design.</summary>
public class SummaryTableTests
{
    [Theory]
    // Expected strings printed by R 4.2.2: format.pval(p, digits = 3).
    [InlineData(new[] { 0.205981, 0.000136, 3.3e-8, 0.367 }, new[] { "0.205981", "0.000136", "3.3e-08", "0.367000" })]
    [InlineData(new[] { 0.00248, 0.4018, 1.6014e-15, 3.625e-11 }, new[] { "0.00248", "0.40180", "1.60e-15", "3.62e-11" })]
    [InlineData(new[] { 1e-20, 0.5 }, new[] { "<2e-16", "0.5" })]
    [InlineData(new[] { 1e-20, 0.012345, 3e-7 }, new[] { "<2e-16", "0.0123", "3e-07" })]
    [InlineData(new[] { 1e-20 }, new[] { "<2e-16" })]
    [InlineData(new[] { 1e-20, 0.002483, 0.401786 }, new[] { "< 2e-16", "0.00248", "0.40179" })]
    public void PValuesAreFormattedAsRsFormatPval(double[] p, string[] expected) => Assert.Equal(expected, RFormat.PValues(p));

    [Fact]
    public void FixedFormattingMatchesRsFormat()
    {
        // R: format(c(287.67223, 189.44962), digits = 5); format(c(119.716, 58.834), digits = 5); format(c(0.5, 12.25, 100), digits = 4)
        Assert.Equal(["287.67", "189.45"], RFormat.Fixed([287.67223, 189.44962], 5));
        Assert.Equal(["119.716", "58.834"], RFormat.Fixed([119.7164, 58.8338], 5));
        Assert.Equal(["0.50", "12.25", "100.00"], RFormat.Fixed([0.5, 12.25, 100], 4));
        Assert.Equal("373.5", RFormat.Significant(373.5045031, 5));
        Assert.Equal(["-7.969", "0.838"], RFormat.ZColumn([-7.9688661, 0.8384360]));
    }

    [Fact]
    public void ExactNegativeLogLikelihoodIncludesLogYFactorial()
    {
        double[] y = [0, 1, 4, 7], eta = [-1.2, 0.2, 1.25, 2.2];
        double expected = -y.Select((v, i) => MathNet.Numerics.Distributions.Poisson.PMFLn(Math.Exp(eta[i]), (int)v)).Sum();
        var nll = PoissonGlm.NegativeLogLikelihood(Tensor.FromArray(eta, [4]), Tensor.FromArray(y, [4]));
        Assert.Equal(expected, nll.Item(), 1e-12);
    }

    [Theory]
    [InlineData(new[] { "10", "2", "5", "2" }, new[] { "2", "5", "10" })]
    [InlineData(new[] { "-1.5", "1e1", "0" }, new[] { "-1.5", "0", "1e1" })]
    [InlineData(new[] { "south", "east", "north" }, new[] { "east", "north", "south" })]
    [InlineData(new[] { "10", "b", "2" }, new[] { "10", "2", "b" })]
    public void FactorLevelsSortNumericallyWhenAllAreNumbers(string[] values, string[] expected) =>
        Assert.Equal(expected, GlmDesign.SortedLevels(values));

    [Fact]
    public void NewtonFitsABadlyScaledDesignFromZeroToTheSameEstimates()
    {
        var design = GlmDesign.Build(CsvTable.Read(GlmReferenceFiles.Visits),
            new GlmSpec("count", Features: ["age"], Factors: ["dose", "site"], Exposure: "hours"));
        var scaled = PoissonGlm.Fit(design);
        var x = (double[])design.X.Clone();
        for (int i = 0; i < design.Rows; i++) x[i * design.Columns + 1] *= 1e4; // age in units of 1/10⁴ year: values ~ 5·10⁵
        var raw = PoissonGlm.Fit(design with { X = x });
        Assert.True(raw.Converged, raw.Optimization.Message);
        for (int j = 0; j < design.Columns; j++)
        {
            double factor = j == 1 ? 1e4 : 1;
            Assert.Equal(scaled.Terms[j].Estimate, raw.Terms[j].Estimate * factor, 1e-9);
            Assert.Equal(scaled.Terms[j].StdError, raw.Terms[j].StdError * factor, 1e-8);
            Assert.Equal(scaled.Terms[j].Z, raw.Terms[j].Z, 1e-6);
        }
        Assert.Equal(scaled.Deviance, raw.Deviance, 1e-8);
    }
}
