using Autograd.Nn;
using Autograd.Optim;
using Autograd.Tests.Nn.Losses;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Autograd.Tests.Nn.Optim;

public class LbfgsTests
{
    // With the default toleranceChange 1e-9 a step stops once g·d > −1e-9, i.e. around |g| ≈ 3e-5 on these problems;
    // a tight fit asks for smaller tolerances, as one would with torch.optim.LBFGS.
    private static Lbfgs Tight(params Tensor[] parameters) => new(parameters, toleranceGrad: 1e-10, toleranceChange: 1e-16);

    /// <summary>Runs Step until max|∇| ≤ 1e-9 (at most 20 calls).</summary>
    private static void Minimise(Lbfgs lbfgs, Func<Tensor> closure)
    {
        for (int call = 0; call < 20; call++)
        {
            lbfgs.Step(closure);
            closure();
            if (lbfgs.Parameters.All(p => p.Grad!.Span.ToArray().All(g => Math.Abs(g) <= 1e-9))) return;
        }
    }

    [Fact]
    public void SecantStepSolvesAOneDimensionalQuadraticExactly()
    {
        // f = 2(x − 3)² from x = 0: the first line search accepts t = 1/12 (x = 1), the next direction is the exact
        // secant (Newton) step to x = 3, where the gradient is 0 and the step ends. The returned loss is f(0) = 18.
        var x = Tensor.Scalar(0.0, requiresGrad: true);
        var lbfgs = new Lbfgs([x]);
        var closure = Training.Closure(lbfgs, () => 2.0 * (x - 3.0).Pow(2));
        Assert.Equal(18.0, lbfgs.Step(closure).Item());
        Assert.Equal(3.0, x.Item(), 1e-12);
    }

    [Fact]
    public void RosenbrockReachesItsMinimum()
    {
        // f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1); classic start (−1.2, 1).
        var x = Tensor.Scalar(-1.2, requiresGrad: true);
        var y = Tensor.Scalar(1.0, requiresGrad: true);
        var lbfgs = Tight(x, y);
        var closure = Training.Closure(lbfgs, () => (1.0 - x).Pow(2) + 100.0 * (y - x * x).Pow(2));
        Minimise(lbfgs, closure);
        Assert.Equal(1.0, x.Item(), 1e-6);
        Assert.Equal(1.0, y.Item(), 1e-6);
        Assert.True(closure().Item() < 1e-12);
    }

    [Fact]
    public void PoissonGlmFitRecoversTheMaximumLikelihoodEstimate()
    {
        // Synthetic counts y ~ Poisson(exp(Xw)) for an intercept and three covariates.
        const int n = 1000;
        double[] trueW = [0.3, 0.5, -0.8, 0.4];
        var random = new Random(20240611);
        var xData = new double[n * 4];
        var yData = new double[n];
        for (int i = 0; i < n; i++)
        {
            double[] row = [1.0, Normal.Sample(random, 0, 1), 2 * random.NextDouble() - 1, random.Next(2)];
            row.CopyTo(xData, 4 * i);
            double eta = row.Zip(trueW, (a, b) => a * b).Sum();
            yData[i] = Poisson.Sample(random, Math.Exp(eta));
        }

        // Reference: Newton's method (IRLS) on the Poisson log-likelihood, with MathNet's dense solver.
        var X = Matrix<double>.Build.Dense(n, 4, (i, j) => xData[4 * i + j]);
        var Y = Vector<double>.Build.DenseOfArray(yData);
        var newton = Vector<double>.Build.Dense(4);
        Matrix<double> fisher = X.TransposeThisAndMultiply(X);
        for (int it = 0; it < 50; it++)
        {
            var mu = (X * newton).PointwiseExp();
            fisher = X.TransposeThisAndMultiply(X.PointwiseMultiply(Matrix<double>.Build.Dense(n, 4, (i, _) => mu[i])));
            newton += fisher.Solve(X.TransposeThisAndMultiply(Y - mu));
        }
        var standardErrors = fisher.Inverse().Diagonal().PointwiseSqrt();

        var features = Tensor.FromArray(xData, [n, 4]);
        var counts = Tensor.FromArray(yData, [n, 1]);
        var w = Tensor.Zeros([4, 1], requiresGrad: true);
        var lbfgs = Tight(w);
        var closure = Training.Closure(lbfgs, () =>
        {
            var eta = features.MatMul(w);
            return (eta.Exp() - counts * eta).Mean();
        });
        Minimise(lbfgs, closure);

        closure();
        double gradNorm = Math.Sqrt(w.Grad!.Span.ToArray().Sum(g => g * g));
        Assert.True(gradNorm < 1e-6, $"gradient norm {gradNorm:R}");
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(newton[j], w.Span[j], 1e-5);
            Assert.True(Math.Abs(w.Span[j] - trueW[j]) < 4 * standardErrors[j],
                $"coefficient {j}: {w.Span[j]:R} is more than 4 standard errors ({standardErrors[j]:R}) from {trueW[j]}");
        }
    }

    [SkippableFact]
    public void AwardsGlmMatchesThePublishedFit()
    {
        // UCLA OARC's Poisson regression example (../shared/data/awards/README): R's glm(num_awards ~ prog + math,
        // family = poisson) gives intercept −5.24712, Academic 1.08386, Vocational 0.36981, math 0.07015, and a mean
        // PoissonNLLLoss of 0.6755258 at the optimum. Fitted here the way a user would: Linear + PoissonNLLLoss + Lbfgs.
        var (features, counts) = AwardsPoissonGlmTests.Load();
        var model = new Linear(4, 1, bias: false, random: new Random(0));
        var loss = new PoissonNLLLoss();
        var lbfgs = Tight([.. model.Parameters()]);
        var closure = Training.Closure(lbfgs, () => loss.Forward(model.Forward(features), counts));
        Minimise(lbfgs, closure);

        double[] published = [-5.24712, 1.08386, 0.36981, 0.07015];
        for (int j = 0; j < 4; j++) Assert.Equal(published[j], model.Weight.Span[j], 2e-5);
        Assert.Equal(0.6755258, closure().Item(), 1e-7);
    }

    [Fact]
    public void StepWithoutClosureIsMisuse()
    {
        var lbfgs = new Lbfgs([Tensor.Zeros([2], requiresGrad: true)]);
        var error = Assert.Throws<InvalidOperationException>(() => lbfgs.Step());
        Assert.Contains("closure", error.Message);
    }

    [Fact]
    public void ClosureMustReturnAOneElementLoss()
    {
        var p = Tensor.Zeros([2], requiresGrad: true);
        var lbfgs = new Lbfgs([p]);
        Assert.Throws<InvalidOperationException>(() => lbfgs.Step(() => null!));
        var error = Assert.Throws<InvalidOperationException>(() => lbfgs.Step(() => p * 2.0));
        Assert.Contains("[2]", error.Message);
    }

    [Fact]
    public void ClosureThatThrowsLeavesTheParametersWhereTheyWere()
    {
        // The first evaluation succeeds; the first line-search evaluation throws. The parameters must be restored.
        var p = Tensor.FromArray([1.0, -1.0], requiresGrad: true);
        var lbfgs = new Lbfgs([p]);
        int calls = 0;
        var closure = Training.Closure(lbfgs, () =>
        {
            if (++calls == 2) throw new InvalidOperationException("boom");
            return (p * p).Sum();
        });
        Assert.Throws<InvalidOperationException>(() => lbfgs.Step(closure));
        Assert.Equal([1.0, -1.0], p.ToArray());
    }

    [Fact]
    public void MinimizeRunsStepsUntilTheGradientTestPasses()
    {
        var x = Tensor.Scalar(-1.2, requiresGrad: true);
        var y = Tensor.Scalar(1.0, requiresGrad: true);
        var lbfgs = new Lbfgs([x, y], toleranceGrad: 1e-7, toleranceChange: 1e-16);
        var result = lbfgs.Minimize(Training.Closure(lbfgs, () => (1.0 - x).Pow(2) + 100.0 * (y - x * x).Pow(2)));
        Assert.True(result.Converged, result.Message);
        Assert.Equal(StopReason.GradientTolerance, result.Reason);
        Assert.True(result.Iterations > 20 && result.FunctionEvaluations > result.Iterations, result.ToString());
        Assert.True(result.GradientMaxNorm <= 1e-7 && result.Loss < 1e-14, result.ToString());
        Assert.Equal(1.0, x.Item(), 1e-7);
    }

    [Fact]
    public void BadlyScaledGlmMeetsNonFiniteLossesBacksOffAndSaysSo()
    {
        // A covariate around 3·10⁴: the first trial step overflows exp. The line search used to take the infinite
        // loss as a value and leave NaN parameters; now it backs off, and the result says what happened.
        var problem = new PoissonGlmProblem(500, 7, [1.0, 3e4, 1.0, 1.0]);
        var beta = Tensor.Zeros([4, 1], requiresGrad: true);
        var lbfgs = new Lbfgs([beta]);
        var sum = problem.Loss(beta);
        var result = lbfgs.Minimize(Training.Closure(lbfgs, () => sum() / problem.Rows));

        Assert.All(beta.ToArray(), b => Assert.True(double.IsFinite(b)));
        Assert.True(double.IsFinite(result.Loss) && result.Loss < Math.Log(1.0) + problem.Counts.Average(), result.ToString());
        Assert.Contains("non-finite losses", result.Message);
        Assert.Equal(result.GradientMaxNorm <= 1e-7, result.Converged);
        if (!result.Converged) Assert.Contains("stalled", result.Message);
    }

    [Fact]
    public void NoFiniteLossAlongTheDirectionPutsTheParametersBack()
    {
        // The loss is finite only at the start: every trial of the line search is NaN.
        var p = Tensor.FromArray([1.0, -2.0], requiresGrad: true);
        var lbfgs = new Lbfgs([p]);
        var closure = Training.Closure(lbfgs, () =>
        {
            var square = (p * p).Sum();
            return p.Span[0] == 1.0 ? square : square * double.NaN;
        });
        Assert.Equal(5.0, lbfgs.Step(closure).Item());
        Assert.Equal([1.0, -2.0], p.ToArray());

        var result = lbfgs.Minimize(closure);
        Assert.True(result.Reason == StopReason.NonFiniteLoss, result.ToString());
        Assert.False(result.Converged);
        Assert.Contains("no finite loss", result.Message);
        Assert.Equal(5.0, result.Loss);
        Assert.Equal([1.0, -2.0], p.ToArray());
    }

    [Fact]
    public void AFiniteLossWithANonFiniteGradientLeavesTheParametersAlone()
    {
        // √(p²) at p = 0 is finite, its gradient p/√(p²) is NaN: there is no direction, and 0·NaN must not reach p.
        var p = Tensor.FromArray([0.0, 1.0], requiresGrad: true);
        var lbfgs = new Lbfgs([p]);
        var result = lbfgs.Minimize(Training.Closure(lbfgs, () => (p * p).Sqrt().Sum()));
        Assert.Equal(StopReason.NonFiniteLoss, result.Reason);
        Assert.Contains("gradient is not finite", result.Message);
        Assert.Equal([0.0, 1.0], p.ToArray());
    }

    [Fact]
    public void NonFiniteLossAtTheStartIsReported()
    {
        var p = Tensor.FromArray([-1.0], requiresGrad: true);
        var lbfgs = new Lbfgs([p]);
        var result = lbfgs.Minimize(Training.Closure(lbfgs, () => p.Log().Sum()));
        Assert.Equal(StopReason.NonFiniteLoss, result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal([-1.0], p.ToArray());
    }

    [Theory]
    // f = x³ − 3x has its local minimum at x = 1: f(0) = 0, f'(0) = −3, f(2) = 2, f'(2) = 9.
    [InlineData(0.0, 0.0, -3.0, 2.0, 2.0, 9.0, 0.0, 2.0, 1.0)]
    [InlineData(2.0, 2.0, 9.0, 0.0, 0.0, -3.0, 0.0, 2.0, 1.0)]
    [InlineData(0.0, 0.0, -3.0, 2.0, 2.0, 9.0, 1.5, 3.0, 1.5)]
    // No real minimiser (d₁² < g₁g₂): the midpoint of the bounds.
    [InlineData(0.0, 0.0, 2.0, 1.0, 4.0 / 3.0, 2.0, 0.0, 1.0, 0.5)]
    public void CubicInterpolationFindsTheCubicsMinimum(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi, double expected) =>
        Assert.Equal(expected, StrongWolfeLineSearch.CubicMinimum(x1, f1, g1, x2, f2, g2, lo, hi), 1e-12);
}
