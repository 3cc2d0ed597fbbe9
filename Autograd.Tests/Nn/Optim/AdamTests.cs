using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

public class AdamTests
{
    // Quadratic loss Σ aᵢpᵢ² + bᵢpᵢ with the gradient 2aᵢpᵢ + bᵢ known in closed form for the reference below.
    private static readonly double[] A = [0.5, 2.0, 0.1, 3.0], B = [-1.0, 0.3, 0.7, 0.0];
    private static readonly double[] Start = [0.8, -1.2, 2.5, 0.05];

    private static Tensor Loss(Tensor p) => (Tensor.FromArray(A) * p * p + Tensor.FromArray(B) * p).Sum();

    private static double[] Run(Optimizer optimizer, Tensor p, int steps)
    {
        Training.Steps(optimizer, () => Loss(p), steps);
        return p.ToArray();
    }

    /// <summary>
    /// Algorithm 1 of Kingma and Ba (2015) with bias-corrected moments m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) and
    /// p ← p − lr·m̂/(√v̂ + ε), element by element; L2 decay adds λp to the gradient, decoupled decay (Loshchilov and
    /// Hutter) multiplies p by 1 − lr·λ before the update.
    /// </summary>
    private static double[] TextbookAdam(double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled, int steps)
    {
        var p = (double[])Start.Clone();
        var m = new double[p.Length];
        var v = new double[p.Length];
        for (int t = 1; t <= steps; t++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double g = 2 * A[i] * p[i] + B[i];
                if (decoupled) p[i] *= 1 - lr * weightDecay;
                else g += weightDecay * p[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double vHat = v[i] / (1 - Math.Pow(beta2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
        return p;
    }

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(1e-3, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void FirstStepIsLrTimesGradientOverItsMagnitudePlusEps()
    {
        // After one step m̂ = g and v̂ = g², so p₁ = p₀ − lr·g/(|g| + ε). With g = 1e-8 = ε the step is lr/2.
        var p = Tensor.FromArray([1.0, 1.0, 1.0], requiresGrad: true);
        var c = Tensor.FromArray([3.0, -0.5, 1e-8]);
        Training.Steps(new Adam([p], lr: 0.01), () => (c * p).Sum(), 1);
        Assert.Equal(1.0 - 0.01 * 3.0 / (3.0 + 1e-8), p.Span[0], 1e-15);
        Assert.Equal(1.0 + 0.01 * 0.5 / (0.5 + 1e-8), p.Span[1], 1e-15);
        Assert.Equal(1.0 - 0.005, p.Span[2], 1e-12);
    }

    [Theory]
    [InlineData(1e-3, 0.9, 0.999, 1e-8, 0.0, false)]
    [InlineData(0.05, 0.8, 0.99, 1e-6, 0.1, false)]
    [InlineData(0.2, 0.0, 0.5, 1e-3, 0.0, false)]
    [InlineData(1e-3, 0.9, 0.999, 1e-8, 1e-2, true)]
    [InlineData(0.05, 0.8, 0.99, 1e-6, 0.5, true)]
    public void TwentyFiveStepsMatchTheTextbookAlgorithm(double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
    {
        var p = Tensor.FromArray(Start, requiresGrad: true);
        Optimizer optimizer = decoupled ? new AdamW([p], lr, beta1, beta2, eps, weightDecay) : new Adam([p], lr, beta1, beta2, eps, weightDecay);
        var actual = Run(optimizer, p, 25);
        AssertClose(TextbookAdam(lr, beta1, beta2, eps, weightDecay, decoupled, steps: 25), actual, 1e-10);
    }

    [Fact]
    public void AdamWDecaysAParameterWithZeroGradientGeometrically()
    {
        // g = 0 keeps m = v = 0, so only the decoupled decay acts: p_k = p₀·(1 − lr·λ)ᵏ with the default λ = 0.01.
        var p = Tensor.FromArray([2.0, -3.0], requiresGrad: true);
        Training.Steps(new AdamW([p], lr: 0.1), () => (p * 0.0).Sum(), 10);
        double factor = Math.Pow(1 - 0.1 * 0.01, 10);
        Assert.Equal(2.0 * factor, p.Span[0], 1e-14);
        Assert.Equal(-3.0 * factor, p.Span[1], 1e-14);
    }

    [Fact]
    public void EachParameterCountsItsOwnSteps()
    {
        // "late" gets its first gradient at the second step, so its update is a first step: lr·g/(|g| + ε).
        var early = Tensor.FromArray([1.0], requiresGrad: true);
        var late = Tensor.FromArray([1.0], requiresGrad: true);
        var adam = new Adam([early, late], lr: 0.1);
        Training.Steps(adam, () => (early * 2.0).Sum(), 1);
        Assert.Equal(1.0, late.Span[0]);
        Training.Steps(adam, () => (early * 2.0 + late * 4.0).Sum(), 1);
        Assert.Equal(1.0 - 0.1 * 4.0 / (4.0 + 1e-8), late.Span[0], 1e-15);
    }
}
