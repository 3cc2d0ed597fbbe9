using MathNet.Numerics.Distributions;

namespace CountRegression.Data;

/// <summary>
/// Counts from a known Poisson log-linear model: xᵢⱼ ~ N(0, 1), yᵢ ~ Poisson(exp(b + Σⱼ wⱼ xᵢⱼ)), drawn with
/// MathNet.Numerics' samplers from one seeded <see cref="Random"/>.
/// </summary>
public static class SyntheticData
{
    /// <summary>The true intercept b.</summary>
    public const double TrueIntercept = 0.4;

    /// <summary>The true weights w, one per feature (one of them zero: a feature that does not matter).</summary>
    public static readonly IReadOnlyList<double> TrueWeights = [0.5, -0.35, 0.25, 0.0, -0.15];

    /// <summary>Draws <paramref name="rows"/> rows from the model with the given seed.</summary>
    public static CountData Generate(int rows, int seed)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Need at least one row.");
        var random = new Random(seed);
        int p = TrueWeights.Count;
        var x = new double[rows * p];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double eta = TrueIntercept;
            for (int j = 0; j < p; j++)
            {
                x[i * p + j] = Normal.Sample(random, 0, 1);
                eta += TrueWeights[j] * x[i * p + j];
            }
            y[i] = Poisson.Sample(random, Math.Exp(eta));
        }
        return new CountData(x, y, Enumerable.Range(1, p).Select(j => $"x{j}").ToArray());
    }
}
