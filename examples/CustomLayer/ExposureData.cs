using Autograd;

namespace CustomLayer;

/// <summary>
/// Counts with exposure from a known softplus-link model, yᵢ ~ Poisson(eᵢ · softplus(b + xᵢ·w)), kept as one table
/// [n, p + 2] whose columns are the p features, the exposure and the count, as a CSV file would hold them.
/// </summary>
/// <param name="Table">[n, p + 2]: features, exposure, count.</param>
public sealed record ExposureData(Tensor Table)
{
    /// <summary>The true intercept b.</summary>
    public const double TrueBias = 1.0;

    /// <summary>The true weights w.</summary>
    public static readonly IReadOnlyList<double> TrueWeights = [0.8, -0.5, 0.3];

    private static int P => TrueWeights.Count;

    /// <summary>[n, p] standard normal features: the table's first p columns.</summary>
    public Tensor Features => Table[.., ..P];

    /// <summary>[n, 1] exposures, uniform in [0.5, 3]: column p, kept as a column.</summary>
    public Tensor Exposure => Table[.., P].Unsqueeze(1);

    /// <summary>[n, 1] counts: the last column.</summary>
    public Tensor Counts => Table[.., ^1..];

    /// <summary>Draws <paramref name="rows"/> rows with the given seed (MathNet.Numerics' Poisson sampler).</summary>
    public static ExposureData Generate(int rows, int seed)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Need at least one row.");
        var random = new Random(seed);
        var x = Tensor.Randn([rows, P], random);
        var features = x.ToArray();
        var exposure = new double[rows];
        var counts = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double eta = TrueBias;
            for (int j = 0; j < P; j++) eta += TrueWeights[j] * features[i * P + j];
            exposure[i] = 0.5 + 2.5 * random.NextDouble();
            counts[i] = MathNet.Numerics.Distributions.Poisson.Sample(random, exposure[i] * StableSoftplus.Softplus(eta));
        }
        return new ExposureData(Tensor.Cat([x, Tensor.FromArray(exposure, [rows, 1]), Tensor.FromArray(counts, [rows, 1])], dim: 1));
    }
}
