using CountRegression.Data;
using CountRegression.Runs;

namespace Autograd.Tests.Examples;

public class AwardsRunTests
{
    private const string Csv = "awards/poisson_sim.csv";

    [SkippableFact]
    public void CoefficientsMatchRToFourDecimals()
    {
        var result = AwardsRun.Run(SharedData.Require(Csv));
        // R: glm(num_awards ~ prog + math, family = poisson), UCLA OARC (see ../shared/data/README.md).
        double[] r = [-5.24712, 1.08386, 0.36981, 0.07015];
        double[] ours = [result.Fit.Intercept, .. result.Fit.Weights];
        for (int k = 0; k < r.Length; k++)
            Assert.True(Math.Abs(ours[k] - r[k]) <= 5e-5, $"{AwardsData.TermNames[k]}: ours {ours[k]:R}, R {r[k]}");
    }

    [SkippableFact]
    public void DevianceAndLogLikelihoodMatchR()
    {
        var result = AwardsRun.Run(SharedData.Require(Csv));
        var deviance = result.Figures.Single(f => f.Name == "residual deviance").Ours;
        var logLik = result.Figures.Single(f => f.Name == "log-likelihood").Ours;
        Assert.True(Math.Abs(deviance - 189.45) <= 5e-3, $"deviance {deviance:R}");
        Assert.True(Math.Abs(logLik - -182.75225) <= 5e-5, $"log-likelihood {logLik:R}");
        Assert.True(Math.Abs(result.Fit.MeanLoss - 0.6755258) <= 1e-6, $"mean loss {result.Fit.MeanLoss:R}");
        Assert.True(result.AgreesWithR);
    }

    [SkippableFact]
    public void LoaderBuildsRsTreatmentContrasts()
    {
        var data = AwardsData.Load(SharedData.Require(Csv));
        Assert.Equal(200, data.Rows);
        Assert.Equal(["progAcademic", "progVocational", "math"], data.FeatureNames);
        for (int i = 0; i < data.Rows; i++)
            Assert.True(data.Features[i * 3] + data.Features[i * 3 + 1] <= 1, "a student is in at most one non-reference program");
    }
}
