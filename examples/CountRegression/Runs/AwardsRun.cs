using CountRegression.Data;
using CountRegression.Modeling;

namespace CountRegression.Runs;

/// <summary>A fit statistic beside its published value and the tolerance it is held to.</summary>
/// <param name="Name">What the figure is.</param>
/// <param name="Published">The published value (R, UCLA OARC).</param>
/// <param name="Ours">Our value.</param>
/// <param name="Tolerance">Largest accepted |ours − published|: half a unit of the 4th decimal, or of the last published digit when R printed fewer.</param>
public sealed record PublishedComparison(string Name, double Published, double Ours, double Tolerance)
{
    /// <summary>True when |ours − published| ≤ tolerance.</summary>
    public bool Agrees => Math.Abs(Ours - Published) <= Tolerance;
}

/// <summary>The awards fit beside R's published figures.</summary>
/// <param name="Figures">Each coefficient, the residual deviance, the log-likelihood and the mean loss at the optimum.</param>
/// <param name="Fit">The fitted GLM.</param>
public sealed record AwardsResult(IReadOnlyList<PublishedComparison> Figures, GlmFit Fit)
{
    /// <summary>True when every figure agrees with the published one.</summary>
    public bool AgreesWithR => Figures.All(f => f.Agrees);
}

/// <summary>
/// Fits R's <c>glm(num_awards ~ prog + math, family = poisson)</c> on the UCLA awards data with a Linear layer, PoissonNLLLoss
/// and L-BFGS (<see cref="GlmFitter"/>) and compares with the figures published by UCLA OARC (see ../shared/data/README.md).
/// </summary>
public static class AwardsRun
{
    /// <summary>R's estimates for (Intercept), progAcademic, progVocational, math.</summary>
    public static readonly IReadOnlyList<double> PublishedCoefficients = [-5.24712, 1.08386, 0.36981, 0.07015];

    /// <summary>R's residual deviance (196 degrees of freedom).</summary>
    public const double PublishedDeviance = 189.45;

    /// <summary>R's logLik.</summary>
    public const double PublishedLogLikelihood = -182.75225;

    /// <summary>Mean PoissonNLLLoss at the optimum, without the log y! constant (from the data README).</summary>
    public const double PublishedMeanLoss = 0.6755258;

    /// <summary>Runs the fit on the CSV at <paramref name="csvPath"/>.</summary>
    public static AwardsResult Run(string csvPath)
    {
        var data = AwardsData.Load(csvPath);
        var fit = GlmFitter.Fit(data);
        var means = fit.PredictMeans(data);
        var ours = new[] { fit.Intercept }.Concat(fit.Weights).ToArray();
        var figures = AwardsData.TermNames.Select((term, k) => new PublishedComparison(term, PublishedCoefficients[k], ours[k], 5e-5)).ToList();
        figures.Add(new PublishedComparison("residual deviance", PublishedDeviance, PoissonStatistics.Deviance(data.Targets, means), 5e-3));
        figures.Add(new PublishedComparison("log-likelihood", PublishedLogLikelihood, PoissonStatistics.LogLikelihood(data.Targets, means), 5e-5));
        figures.Add(new PublishedComparison("mean PoissonNLLLoss", PublishedMeanLoss, fit.MeanLoss, 5e-5));
        return new AwardsResult(figures, fit);
    }
}
