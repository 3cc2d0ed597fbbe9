namespace CountRegression.Modeling;

/// <summary>Goodness-of-fit figures of Poisson means μᵢ for counts yᵢ, computed in plain double arithmetic.</summary>
public static class PoissonStatistics
{
    /// <summary>Deviance D = 2 Σᵢ [yᵢ log(yᵢ/μᵢ) − (yᵢ − μᵢ)], with y log(y/μ) = 0 where y = 0 (R's residual deviance).</summary>
    public static double Deviance(IReadOnlyList<double> counts, IReadOnlyList<double> means)
    {
        Check(counts, means);
        double d = 0;
        for (int i = 0; i < counts.Count; i++)
        {
            double y = counts[i], mu = means[i];
            d += (y > 0 ? y * Math.Log(y / mu) : 0) - (y - mu);
        }
        return 2 * d;
    }

    /// <summary>Mean deviance D / n, the held-out score used to compare models (lower is better; 0 is a perfect fit).</summary>
    public static double MeanDeviance(IReadOnlyList<double> counts, IReadOnlyList<double> means) =>
        Deviance(counts, means) / counts.Count;

    private static void Check(IReadOnlyList<double> counts, IReadOnlyList<double> means)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(means);
        if (counts.Count != means.Count || counts.Count == 0)
            throw new ArgumentException($"Need as many means as counts (and at least one): got {means.Count} means for {counts.Count} counts.", nameof(means));
    }
}
