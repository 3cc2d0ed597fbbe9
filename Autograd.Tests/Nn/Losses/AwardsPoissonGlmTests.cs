using System.Globalization;
using Autograd.Nn;
using MathNet.Numerics;

namespace Autograd.Tests.Nn.Losses;

/// <summary>
/// PoissonNLLLoss on real count data (UCLA OARC awards, ../shared/data/awards) at the published maximum-likelihood fit of
/// R's glm(num_awards ~ prog + math, family = poisson): the loss must reproduce the published log-likelihood.
/// </summary>
public class AwardsPoissonGlmTests
{
    // Published estimates: (Intercept), progAcademic, progVocational, math.
    private static readonly double[] Coefficients = [-5.24712, 1.08386, 0.36981, 0.07015];

    internal static (Tensor Features, Tensor Counts) Load()
    {
        var rows = File.ReadAllLines(SharedData.Require("awards/poisson_sim.csv"))
            .Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        Assert.Equal(200, rows.Length);
        var features = rows.SelectMany(r => new[] { 1.0, r[1] == 2 ? 1 : 0, r[1] == 3 ? 1 : 0, r[2] }).ToArray();
        return (Tensor.FromArray(features, [200, 4]), Tensor.FromArray(rows.Select(r => r[3]).ToArray(), [200, 1]));
    }

    [SkippableFact]
    public void MeanLossAtThePublishedFitMatchesThePublishedLogLikelihood()
    {
        var (features, counts) = Load();
        var model = new Linear(4, 1, bias: false);
        model.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = Tensor.FromArray(Coefficients, [1, 4]) });

        var loss = new PoissonNLLLoss().Forward(model.Forward(features), counts);

        // Published: mean loss without the log y! constant 0.6755258; log-likelihood −182.75225 = −(Σ loss + Σ log y!).
        // The coefficients are rounded to 5 decimals, which moves the loss at the optimum only to second order (< 1e-7).
        Assert.Equal(0.6755258, loss.Item(), 2e-7);
        double logFactorials = counts.ToArray().Sum(y => SpecialFunctions.FactorialLn((int)y));
        Assert.Equal(-182.75225, -(200 * loss.Item() + logFactorials), 1e-5);
    }

    [SkippableFact]
    public void GradientAtThePublishedFitIsSmallComparedWithAnUnfittedModel()
    {
        var (features, counts) = Load();
        double GradientNorm(double[] coefficients)
        {
            var w = Tensor.FromArray(coefficients, [1, 4], requiresGrad: true);
            Functional.PoissonNLLLoss(Functional.Linear(features, w), counts).Backward();
            return Math.Sqrt(w.Grad!.ToArray().Sum(g => g * g));
        }
        // At the maximum-likelihood estimate the score (1/n) Σ (λᵢ − yᵢ)·xᵢ vanishes up to the coefficients' rounding.
        Assert.True(GradientNorm(Coefficients) < 1e-2 * GradientNorm([-5, 1, 0.5, 0.05]));
    }
}
