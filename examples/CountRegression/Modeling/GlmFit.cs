using Autograd;
using Autograd.Nn;
using Autograd.Optim;
using CountRegression.Data;

namespace CountRegression.Modeling;

/// <summary>A fitted Poisson GLM with log link: μ = exp(b + Σⱼ wⱼ xⱼ), coefficients on the original feature scale.</summary>
/// <param name="Intercept">b.</param>
/// <param name="Weights">w, one per feature column.</param>
/// <param name="MeanLoss">Mean PoissonNLLLoss (log input, without log y!) at the fit: (1/n) Σ (μᵢ − yᵢ log μᵢ).</param>
/// <param name="GradientNorm">Euclidean norm of the loss gradient at the fit (in standardised coordinates): near 0 at the MLE.</param>
/// <param name="Evaluations">Number of L-BFGS Step calls.</param>
public sealed record GlmFit(double Intercept, double[] Weights, double MeanLoss, double GradientNorm, int Evaluations)
{
    /// <summary>μᵢ = exp(b + xᵢ·w) for every row of <paramref name="data"/>.</summary>
    public double[] PredictMeans(CountData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var means = new double[data.Rows];
        for (int i = 0; i < data.Rows; i++)
        {
            double eta = Intercept;
            for (int j = 0; j < data.Columns; j++) eta += Weights[j] * data.Features[i * data.Columns + j];
            means[i] = Math.Exp(eta);
        }
        return means;
    }
}

/// <summary>
/// Fits a Poisson GLM to the maximum-likelihood estimate: a <see cref="Linear"/> layer (log-rate η = z·wᵀ + b) on standardised
/// features zⱼ = (xⱼ − mⱼ)/sⱼ, full-batch L-BFGS with strong-Wolfe line search on mean PoissonNLLLoss(log input), then converted
/// back: wⱼ = w'ⱼ/sⱼ, b = b' − Σⱼ w'ⱼ mⱼ/sⱼ. Standardising only improves the conditioning; the optimum is the same model.
/// </summary>
public static class GlmFitter
{
    /// <summary>Fits <paramref name="data"/>; stops when a Step changes the loss by less than 1e-15 (relative) or after <paramref name="maxSteps"/>.</summary>
    public static GlmFit Fit(CountData data, int maxSteps = 50)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (mean, scale) = ColumnMoments(data);
        var z = new double[data.Features.Length];
        for (int i = 0; i < data.Rows; i++)
            for (int j = 0; j < data.Columns; j++)
                z[i * data.Columns + j] = (data.Features[i * data.Columns + j] - mean[j]) / scale[j];
        var x = Tensor.FromArray(z, [data.Rows, data.Columns]);
        var y = data.TargetTensor();

        var layer = new Linear(data.Columns, 1, random: new Random(0));
        var loss = new PoissonNLLLoss(logInput: true);
        var optimizer = new Lbfgs(layer.Parameters(), lr: 1, maxIter: 100, toleranceGrad: 1e-12, toleranceChange: 1e-15, historySize: 20);
        Tensor Closure()
        {
            optimizer.ZeroGrad();
            var l = loss.Forward(layer.Forward(x), y);
            l.Backward();
            return l;
        }
        double previous = double.PositiveInfinity;
        int steps = 0;
        while (steps < maxSteps)
        {
            double current = optimizer.Step(Closure).Item();
            steps++;
            if (Math.Abs(previous - current) <= 1e-15 * Math.Max(1, Math.Abs(current))) break;
            previous = current;
        }
        double final = Closure().Item();
        double gradientNorm = Math.Sqrt(layer.Parameters().Sum(p => p.Grad!.ToArray().Sum(g => g * g)));

        var w = layer.Weight.ToArray();
        double b = layer.Bias!.Item();
        var weights = new double[data.Columns];
        for (int j = 0; j < data.Columns; j++)
        {
            if (double.IsPositiveInfinity(scale[j])) continue; // a constant column carries no information: weight 0
            weights[j] = w[j] / scale[j];
            b -= w[j] * mean[j] / scale[j];
        }
        return new GlmFit(b, weights, final, gradientNorm, steps);
    }

    private static (double[] Mean, double[] Scale) ColumnMoments(CountData data)
    {
        var mean = new double[data.Columns];
        var scale = new double[data.Columns];
        for (int j = 0; j < data.Columns; j++)
        {
            double s = 0, ss = 0;
            for (int i = 0; i < data.Rows; i++) s += data.Features[i * data.Columns + j];
            mean[j] = s / data.Rows;
            for (int i = 0; i < data.Rows; i++) ss += Math.Pow(data.Features[i * data.Columns + j] - mean[j], 2);
            double sd = Math.Sqrt(ss / data.Rows);
            scale[j] = sd > 0 ? sd : double.PositiveInfinity; // a constant column standardises to 0 and gets weight 0
        }
        return (mean, scale);
    }
}
