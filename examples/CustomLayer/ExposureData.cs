using Autograd;

namespace CustomLayer;

/// <summary>Counts with exposure from a known softplus-link model: yᵢ ~ Poisson(eᵢ · softplus(b + xᵢ·w)).</summary>
/// <param name="Features">[n, p] standard normal features.</param>
/// <param name="Exposure">[n, 1] exposures, uniform in [0.5, 3].</param>
/// <param name="Counts">[n, 1] counts.</param>
public sealed record ExposureData(Tensor Features, Tensor Exposure, Tensor Counts)
{
    /// <summary>The true intercept b.</summary>
    public const double TrueBias = 1.0;

    /// <summary>The true weights w.</summary>
    public static readonly IReadOnlyList<double> TrueWeights = [0.8, -0.5, 0.3];

    /// <summary>Draws <paramref name="rows"/> rows with the given seed (MathNet.Numerics' Poisson sampler).</summary>
    public static ExposureData Generate(int rows, int seed)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Need at least one row.");
        var random = new Random(seed);
        int p = TrueWeights.Count;
        var x = Tensor.Randn([rows, p], random).ToArray();
        var exposure = new double[rows];
        var counts = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double eta = TrueBias;
            for (int j = 0; j < p; j++) eta += TrueWeights[j] * x[i * p + j];
            exposure[i] = 0.5 + 2.5 * random.NextDouble();
            counts[i] = MathNet.Numerics.Distributions.Poisson.Sample(random, exposure[i] * StableSoftplus.Softplus(eta));
        }
        return new ExposureData(Tensor.FromArray(x, [rows, p]), Tensor.FromArray(exposure, [rows, 1]), Tensor.FromArray(counts, [rows, 1]));
    }
}
