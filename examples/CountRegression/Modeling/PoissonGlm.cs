using Autograd;
using Autograd.Optim;
using CountRegression.Data;
using MathNet.Numerics.Distributions;

namespace CountRegression.Modeling;

/// <summary>
/// R's <c>glm(..., family = poisson)</c> fitted with Autograd: η = Xβ + offset, μ = exp(η), β minimising the exact
/// negative log-likelihood NLL(β) = Σᵢ [μᵢ − yᵢ ηᵢ + log Γ(yᵢ + 1)] by <see cref="Newton"/> on the raw design, from the intercept-only fit.
/// Standard errors are √diag(H⁻¹) with H = ∇²NLL(β̂) from <see cref="Autodiff.Hessian(Func{Tensor}, IEnumerable{Tensor})"/>.
/// </summary>
public static class PoissonGlm
{
    /// <summary>
    /// The exact Poisson negative log-likelihood −log P(y; μ) = Σ [exp(η) − y·η + lgamma(y + 1)] of log-rates
    /// <paramref name="eta"/> for counts <paramref name="y"/> (same shape), differentiable in η to any order.
    /// </summary>
    public static Tensor NegativeLogLikelihood(Tensor eta, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(eta);
        ArgumentNullException.ThrowIfNull(y);
        return (eta.Exp() - y * eta + (y + 1).Lgamma()).Sum();
    }

    /// <summary>Fits <paramref name="design"/> and its intercept-only null model, returning R's summary figures.</summary>
    public static GlmSummary Fit(GlmDesign design, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(design);
        var (beta, result) = Minimize(design.X, design.Columns, design.Y, design.Offset, maxIterations);
        var x = Tensor.FromArray(design.X, [design.Rows, design.Columns]);
        var y = Tensor.FromArray(design.Y, [design.Rows, 1]);
        var offset = Tensor.FromArray(design.Offset, [design.Rows, 1]);
        Tensor Nll() => NegativeLogLikelihood(x.MatMul(beta) + offset, y);

        var se = Linalg.Inverse(Autodiff.Hessian(Nll, [beta])).Diagonal().Sqrt().ToArray();
        var estimates = beta.ToArray();
        var terms = design.Terms.Select((name, j) =>
        {
            double z = estimates[j] / se[j];
            return new GlmTerm(name, estimates[j], se[j], z, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
        }).ToArray();

        double nll;
        using (Tensor.NoGrad()) nll = Nll().Item();
        var (nullBeta, nullResult) = Minimize(Enumerable.Repeat(1.0, design.Rows).ToArray(), 1, design.Y, design.Offset, maxIterations);
        double b0 = nullBeta.Item();
        var nullMeans = design.Offset.Select(o => Math.Exp(b0 + o)).ToArray();
        var optimization = nullResult.Converged ? result : result with
        {
            Converged = false, Reason = nullResult.Reason, Message = $"the null model: {nullResult.Message}",
        };
        return new GlmSummary(terms, PoissonStatistics.Deviance(design.Y, Means(design, estimates)),
            PoissonStatistics.Deviance(design.Y, nullMeans), design.Rows - design.Columns, design.Rows - 1,
            -nll, 2 * nll + 2 * design.Columns, result.Iterations, optimization);
    }

    /// <summary>μᵢ = exp(xᵢ·β + offsetᵢ).</summary>
    public static double[] Means(GlmDesign design, IReadOnlyList<double> beta)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(beta);
        var mu = new double[design.Rows];
        for (int i = 0; i < design.Rows; i++)
        {
            double eta = design.Offset[i];
            for (int j = 0; j < design.Columns; j++) eta += design.X[i * design.Columns + j] * beta[j];
            mu[i] = Math.Exp(eta);
        }
        return mu;
    }

    private static (Tensor Beta, OptimizationResult Result) Minimize(double[] xData, int p, double[] yData, double[] offsetData, int maxIterations)
    {
        int n = yData.Length;
        var x = Tensor.FromArray(xData, [n, p]);
        var y = Tensor.FromArray(yData, [n, 1]);
        var offset = Tensor.FromArray(offsetData, [n, 1]);
        var start = new double[p];
        start[0] = InterceptOnlyEstimate(yData, offsetData);
        var beta = Tensor.FromArray(start, [p, 1], requiresGrad: true);
        var result = new Newton([beta]).Minimize(() => NegativeLogLikelihood(x.MatMul(beta) + offset, y), maxIterations);
        return (beta, result);
    }

    /// <summary>
    /// The start: the intercept-only model's exact MLE, β₀ = log(Σy / Σe^offset) (in log space, so an offset of ±700 does
    /// not overflow), the other coefficients 0; 0 when every count is 0. From β = 0, an offset far from 0 or counts far
    /// from 1 put exp out of range or left Newton a unit per step (offset −30: no lower point in 40 halvings; offset +120:
    /// 100 iterations), where R, starting from μ = y + 0.1, converges.
    /// </summary>
    private static double InterceptOnlyEstimate(double[] y, double[] offset)
    {
        double total = y.Sum();
        if (!(total > 0)) return 0;
        double max = offset.Max();
        return Math.Log(total) - (max + Math.Log(offset.Sum(o => Math.Exp(o - max))));
    }
}
