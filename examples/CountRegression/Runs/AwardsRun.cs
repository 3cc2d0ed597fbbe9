using CountRegression.Data;
using CountRegression.Modeling;

namespace CountRegression.Runs;

/// <summary>A fit statistic beside its published value and the tolerance it is held to.</summary>
/// <param name="Term">The coefficient the figure belongs to, or "" for a figure of the whole fit.</param>
/// <param name="Name">What the figure is.</param>
/// <param name="Published">The published value (R, UCLA OARC).</param>
/// <param name="Ours">Our value.</param>
/// <param name="Tolerance">Largest accepted |ours − published|: half a unit of the 4th decimal, or of the last published digit when R printed fewer.</param>
public sealed record PublishedComparison(string Term, string Name, double Published, double Ours, double Tolerance)
{
    /// <summary>True when |ours − published| ≤ tolerance.</summary>
    public bool Agrees => Math.Abs(Ours - Published) <= Tolerance;
}

/// <summary>The awards fit beside R's published figures.</summary>
/// <param name="Figures">Estimate, standard error and z of each term, the deviances, AIC and the log-likelihood, each beside R's.</param>
/// <param name="Summary">The fitted model's summary.</param>
public sealed record AwardsResult(IReadOnlyList<PublishedComparison> Figures, GlmSummary Summary)
{
    /// <summary>True when every figure agrees with the published one.</summary>
    public bool AgreesWithR => Figures.All(f => f.Agrees);
}

/// <summary>
/// Fits R's <c>glm(num_awards ~ prog + math, family = poisson)</c> on the UCLA awards data with <see cref="PoissonGlm"/>
/// (Newton on the raw design, exact log-likelihood) and compares with R's figures in ../shared/data/README.md.
/// </summary>
public static class AwardsRun
{
    /// <summary>The model: num_awards on math and the program factor, its codes 1, 2, 3 labelled as UCLA's R script labels them.</summary>
    public static readonly GlmSpec Spec = new("num_awards", Features: ["math"], Factors: ["prog"],
        LevelLabels: new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["prog"] = new Dictionary<string, string> { ["1"] = "General", ["2"] = "Academic", ["3"] = "Vocational" },
        });

    /// <summary>R 4.2.2's estimate, standard error and z value per term (UCLA's fit recomputed at more digits).</summary>
    public static readonly IReadOnlyDictionary<string, (double Estimate, double StdError, double Z)> Published =
        new Dictionary<string, (double, double, double)>
        {
            ["(Intercept)"] = (-5.2471244, 0.6584531, -7.96887),
            ["progAcademic"] = (1.0838592, 0.3582530, 3.02540),
            ["progVocational"] = (0.3698092, 0.4410703, 0.83844),
            ["math"] = (0.0701524, 0.0105992, 6.61865),
        };

    /// <summary>R's null deviance (199 df).</summary>
    public const double PublishedNullDeviance = 287.67223;

    /// <summary>R's residual deviance (196 df).</summary>
    public const double PublishedDeviance = 189.44962;

    /// <summary>R's AIC.</summary>
    public const double PublishedAic = 373.5045;

    /// <summary>R's logLik (exact, log y! included).</summary>
    public const double PublishedLogLikelihood = -182.7522516;

    /// <summary>|ours − R| accepted for every figure: half a unit of the 4th decimal.</summary>
    public const double Tolerance = 5e-5;

    /// <summary>Runs the fit on the CSV at <paramref name="csvPath"/>.</summary>
    public static AwardsResult Run(string csvPath)
    {
        var summary = PoissonGlm.Fit(GlmDesign.Build(CsvTable.Read(csvPath), Spec));
        var figures = new List<PublishedComparison>();
        foreach (var term in summary.Terms)
        {
            var r = Published[term.Name];
            figures.Add(new(term.Name, "estimate", r.Estimate, term.Estimate, Tolerance));
            figures.Add(new(term.Name, "std. error", r.StdError, term.StdError, Tolerance));
            figures.Add(new(term.Name, "z value", r.Z, term.Z, Tolerance));
        }
        figures.Add(new("", "null deviance", PublishedNullDeviance, summary.NullDeviance, Tolerance));
        figures.Add(new("", "deviance", PublishedDeviance, summary.Deviance, Tolerance));
        figures.Add(new("", "AIC", PublishedAic, summary.Aic, Tolerance));
        figures.Add(new("", "log-likelihood", PublishedLogLikelihood, summary.LogLik, Tolerance));
        return new AwardsResult(figures, summary);
    }
}
