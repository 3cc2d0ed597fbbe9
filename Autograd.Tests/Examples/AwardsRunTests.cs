using CountRegression.Data;
using CountRegression.Runs;

namespace Autograd.Tests.Examples;

public class AwardsRunTests
{
    private const string Csv = "awards/poisson_sim.csv";

    [SkippableFact]
    public void EveryFigureMatchesRToFourDecimals()
    {
        var result = AwardsRun.Run(SharedData.Require(Csv));
        // R 4.2.2, glm(num_awards ~ prog + math, family = poisson), in ../shared/data/README.md.
        double[] estimate = [-5.2471244, 0.0701524, 1.0838592, 0.3698092], se = [0.6584531, 0.0105992, 0.3582530, 0.4410703];
        double[] z = [-7.96887, 6.61865, 3.02540, 0.83844];
        var t = result.Summary.Terms;
        Assert.Equal(["(Intercept)", "math", "progAcademic", "progVocational"], t.Select(x => x.Name));
        for (int k = 0; k < 4; k++)
        {
            Assert.True(Math.Abs(t[k].Estimate - estimate[k]) <= 5e-5, $"{t[k].Name}: estimate {t[k].Estimate:R}");
            Assert.True(Math.Abs(t[k].StdError - se[k]) <= 5e-5, $"{t[k].Name}: SE {t[k].StdError:R}");
            Assert.True(Math.Abs(t[k].Z - z[k]) <= 5e-5, $"{t[k].Name}: z {t[k].Z:R}");
        }
        Assert.Equal(1.6014e-15, t[0].P, 1e-18);
        Assert.Equal(0.002483, t[2].P, 1e-6);
        var s = result.Summary;
        Assert.True(Math.Abs(s.NullDeviance - 287.67223) <= 5e-5, $"null deviance {s.NullDeviance:R}");
        Assert.True(Math.Abs(s.Deviance - 189.44962) <= 5e-5, $"deviance {s.Deviance:R}");
        Assert.True(Math.Abs(s.Aic - 373.5045) <= 5e-5, $"AIC {s.Aic:R}");
        Assert.True(Math.Abs(s.LogLik - -182.7522516) <= 5e-5, $"logLik {s.LogLik:R}");
        Assert.Equal((196, 199), (s.DfResidual, s.DfNull));
        Assert.True(s.Converged, s.Optimization.Message);
        Assert.True(result.AgreesWithR);
        Assert.Equal(4 * 3 + 4, result.Figures.Count);
    }

    [SkippableFact]
    public void ProgramPrintsUclasTableAndExitsZero()
    {
        var (code, output, error) = GlmReferenceFiles.Run("--dataset", "awards", "--csv", SharedData.Require(Csv));
        Assert.True(code == 0, error);
        // UCLA OARC's published summary lines (our term order: features before factors).
        Assert.Contains("(Intercept)    -5.24712    0.65845  -7.969 1.60e-15 ***", output, StringComparison.Ordinal);
        Assert.Contains("math            0.07015    0.01060   6.619 3.63e-11 ***", output, StringComparison.Ordinal);
        Assert.Contains("progAcademic    1.08386    0.35825   3.025  0.00248 ** ", output, StringComparison.Ordinal);
        Assert.Contains("progVocational  0.36981    0.44107   0.838  0.40179    ", output, StringComparison.Ordinal);
        Assert.Contains("    Null deviance: 287.67  on 199  degrees of freedom", output, StringComparison.Ordinal);
        Assert.Contains("Residual deviance: 189.45  on 196  degrees of freedom", output, StringComparison.Ordinal);
        Assert.Contains("AIC: 373.5", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void LoaderBuildsRsTreatmentContrasts()
    {
        var design = GlmDesign.Build(CsvTable.Read(SharedData.Require(Csv)), AwardsRun.Spec);
        Assert.Equal(200, design.Rows);
        Assert.Equal(["(Intercept)", "math", "progAcademic", "progVocational"], design.Terms);
        for (int i = 0; i < design.Rows; i++)
        {
            Assert.Equal(1, design.X[i * 4]);
            Assert.True(design.X[i * 4 + 2] + design.X[i * 4 + 3] <= 1, "a student is in at most one non-reference program");
        }
        Assert.All(design.Offset, o => Assert.Equal(0, o));
    }
}
