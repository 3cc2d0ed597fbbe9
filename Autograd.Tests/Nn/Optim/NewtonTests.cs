using Autograd.Optim;
using MathNet.Numerics.LinearAlgebra;

namespace Autograd.Tests.Nn.Optim;

public class NewtonTests
{
    [Fact]
    public void OneStepSolvesAQuadraticExactly()
    {
        // f(x) = ½ xᵀAx − bᵀx has H = A everywhere, so the full Newton step lands on x* = A⁻¹b.
        var a = Tensor.FromArray(new double[,] { { 4, 1, 0 }, { 1, 3, -1 }, { 0, -1, 2 } });
        var b = Tensor.FromArray([1.0, -2.0, 0.5], [3, 1]);
        var x = Tensor.Zeros([3, 1], requiresGrad: true);
        var newton = new Newton([x]);
        Tensor Loss() => 0.5 * x.Transpose().MatMul(a).MatMul(x).Sum() - (b * x).Sum();

        Assert.Equal(0.0, newton.Step(Loss).Item());   // the loss before the step, as every optimizer's Step
        var expected = Matrix<double>.Build.DenseOfArray(a.ToArray2D()).Solve(Vector<double>.Build.DenseOfArray(b.ToArray()));
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], x.Span[i], 1e-14);
        Assert.Equal([1.0, -2.0, 0.5], x.Grad!.ToArray().Select(g => -g)); // ∂f/∂x at x = 0 is −b

        var result = newton.Minimize(Loss);
        Assert.True(result.Converged, result.Message);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void PoissonGlmFromAZeroStartMatchesIrlsWithStandardErrors()
    {
        var problem = new PoissonGlmProblem(1000, 20240611);
        var (estimate, standardErrors) = problem.Reference();
        var beta = Tensor.Zeros([4, 1], requiresGrad: true);
        var loss = problem.Loss(beta);

        var result = new Newton([beta]).Minimize(loss);

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.Iterations, 3, 12);
        Assert.True(result.GradientMaxNorm < 1e-6, $"max |g| = {result.GradientMaxNorm:R} on a loss of about 1,000");
        Assert.Equal(loss().Item(), result.Loss, 1e-12);
        var se = Linalg.Inverse(Autodiff.Hessian(loss, [beta])).Diagonal().Sqrt();
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(estimate[j], beta.Span[j], 1e-10);
            Assert.Equal(standardErrors[j], se.Span[j], 1e-9);
        }
    }

    [Fact]
    public void BadlyScaledGlmConvergesFromAZeroStartToTheSameModel()
    {
        // A covariate around 10⁴: exp overflows on the first full step, so the step halves (as glm.fit) until finite.
        // Newton is affine invariant: the coefficient of the scaled column is the unscaled one divided by 10⁴.
        var scaled = new PoissonGlmProblem(500, 7, [1.0, 1e4, 1.0, 1.0]);
        var plain = new PoissonGlmProblem(500, 7);
        var betaScaled = Tensor.Zeros([4, 1], requiresGrad: true);
        var betaPlain = Tensor.Zeros([4, 1], requiresGrad: true);

        var resultScaled = new Newton([betaScaled]).Minimize(scaled.Loss(betaScaled));
        var resultPlain = new Newton([betaPlain]).Minimize(plain.Loss(betaPlain));

        Assert.True(resultScaled.Converged, resultScaled.Message);
        Assert.True(resultPlain.Converged, resultPlain.Message);
        Assert.True(resultScaled.FunctionEvaluations > resultScaled.Iterations + 1, "the first steps should have been halved");
        double[] expected = plain.Reference().Estimate;
        double[] scale = [1.0, 1e4, 1.0, 1.0];
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(expected[j], betaPlain.Span[j], 1e-10);
            Assert.Equal(expected[j], betaScaled.Span[j] * scale[j], 1e-9);
        }
        Assert.Equal(resultPlain.Loss, resultScaled.Loss, 1e-9);
    }

    [Fact]
    public void IndefiniteHessianFallsBackToADampedStep()
    {
        // Rosenbrock from (−1.2, 1): H is indefinite at points on the way, where the undamped direction climbs.
        var x = Tensor.Scalar(-1.2, requiresGrad: true);
        var y = Tensor.Scalar(1.0, requiresGrad: true);
        Tensor Loss() => (1.0 - x).Pow(2) + 100.0 * (y - x * x).Pow(2);
        var indefinite = new Newton([x, y]);
        x.WritableData()[0] = 0.0; y.WritableData()[0] = 1.0; // H = [[2 − 400(y − 3x²), 0], [0, 200]] = [[−398, 0], [0, 200]]
        Assert.Throws<ArgumentException>(() => Linalg.Cholesky(Autodiff.Hessian(Loss, [x, y])));
        double before = Loss().Item();
        indefinite.Step(Loss);
        Assert.True(Loss().Item() < before, "a damped step from an indefinite point must still descend");

        x.WritableData()[0] = -1.2; y.WritableData()[0] = 1.0;
        var result = new Newton([x, y]).Minimize(Loss);
        Assert.True(result.Converged, result.Message);
        Assert.Equal(1.0, x.Item(), 1e-9);
        Assert.Equal(1.0, y.Item(), 1e-9);
    }

    [Fact]
    public void HalvingTamesAnOvershootingStep()
    {
        // f = √(1 + x²): the full Newton step from x maps to −x³, farther away; halving finds a lower point each time.
        var x = Tensor.Scalar(2.0, requiresGrad: true);
        Tensor Loss() => (1.0 + x * x).Sqrt();
        var result = new Newton([x]).Minimize(Loss);
        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.0, x.Item(), 1e-8);
        Assert.Equal(1.0, result.Loss, 1e-15);
    }

    [Fact]
    public void MaxIterationsIsReportedAsNotConverged()
    {
        var problem = new PoissonGlmProblem(200, 3);
        var beta = Tensor.Zeros([4, 1], requiresGrad: true);
        var result = new Newton([beta]).Minimize(problem.Loss(beta), maxIterations: 1);
        Assert.False(result.Converged);
        Assert.Equal(StopReason.MaxIterations, result.Reason);
        Assert.Equal(1, result.Iterations);
        Assert.True(double.IsFinite(result.Loss) && result.GradientMaxNorm > 1e-3);
    }

    [Fact]
    public void NonFiniteLossAtTheStartLeavesTheParametersAlone()
    {
        var x = Tensor.FromArray([-1.0, 4.0], requiresGrad: true);
        Tensor Loss() => x.Log().Sum();
        var newton = new Newton([x]);
        Assert.True(double.IsNaN(newton.Step(Loss).Item()));
        var result = newton.Minimize(Loss);
        Assert.Equal(StopReason.NonFiniteLoss, result.Reason);
        Assert.False(result.Converged);
        Assert.Contains("NaN", result.Message);
        Assert.Equal([-1.0, 4.0], x.ToArray());
    }

    [Fact]
    public void NoLowerPointStopsWithoutMoving()
    {
        // A loss that looks higher at every trial point than at the start (as rounding can make it near an optimum):
        // the run ends as NoDecrease, with the parameters put back.
        var x = Tensor.Scalar(1.0, requiresGrad: true);
        int calls = 0;
        Tensor Loss() => calls++ == 0 ? x * x : x * x + 10.0; // every trial point looks worse than the start
        var result = new Newton([x]).Minimize(() => Loss());
        Assert.Equal(StopReason.NoDecrease, result.Reason);
        Assert.False(result.Converged);
        Assert.Equal(1.0, x.Item());
    }

    [Fact]
    public void ClosureThatCallsBackwardIsExplained()
    {
        var x = Tensor.Scalar(1.0, requiresGrad: true);
        var newton = new Newton([x]);
        var error = Assert.Throws<InvalidOperationException>(() => newton.Step(() =>
        {
            var loss = x * x * x;
            loss.Backward();
            return loss;
        }));
        Assert.Contains("without calling Backward", error.Message);
    }

    [Fact]
    public void AClosureThatThrowsDuringHalvingLeavesTheParametersWhereTheyWere()
    {
        var p = Tensor.Scalar(3.0, requiresGrad: true);
        int calls = 0;
        var newton = new Newton([p]);
        var error = Assert.Throws<InvalidOperationException>(() => newton.Step(() =>
            ++calls == 2 ? throw new InvalidOperationException("database closed") : (p - 1.0).Pow(2)));
        Assert.Equal("database closed", error.Message);   // the user's own exception, not relabelled
        Assert.Equal(3.0, p.Item());
    }

    [Fact]
    public void AParameterTheLossDoesNotReachNeitherMovesNorSlowsTheOthers()
    {
        // Without the unused u, H's zero row used to force damping on every step: 100 iterations, still 0.0017 off.
        Tensor Run(bool withUnused, out OptimizationResult result)
        {
            var a = Tensor.FromArray([0.0, 3.0], requiresGrad: true);
            var s = Tensor.Scalar(0.0, requiresGrad: true);
            var u = Tensor.FromArray([7.0, 8.0], requiresGrad: true);
            Tensor Loss() => (a - 0.5).Pow(4).Sum() + (s - 2.0).Pow(2);
            result = new Newton(withUnused ? [a, u, s] : [a, s]).Minimize(Loss);
            if (withUnused) Assert.Equal([7.0, 8.0], u.ToArray());
            return a;
        }
        var plain = Run(false, out var plainResult);
        var mixed = Run(true, out var mixedResult);
        Assert.True(mixedResult.Converged, mixedResult.Message);
        Assert.Equal(plainResult.Iterations, mixedResult.Iterations);
        Assert.Equal(plain.ToArray(), mixed.ToArray());
    }

    [Fact]
    public void ADampedStepIsNeverTakenForConvergence()
    {
        // f = x⁴ − x² + y² near x = 0 is near a saddle: the Hessian there is indefinite, the direction damped, and its small
        // predicted decrease used to end the run as converged (max|g| 1.5e-8); the run must go on to a minimum x = ±1/√2.
        var x = Tensor.Scalar(1e-10, requiresGrad: true);   // |∂f/∂x| = 2e-10, above toleranceGrad; the damped decrease 7e-18
        var y = Tensor.Scalar(0.0, requiresGrad: true);
        var result = new Newton([x, y]).Minimize(() => x.Pow(4) - x * x + y * y);
        Assert.True(result.Converged, result.Message);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(x.Item()), 1e-9);
        Assert.Equal(0.0, y.Item(), 1e-12);
    }

    [Fact]
    public void MisuseAndBadSettingsAreRefused()
    {
        var x = Tensor.Zeros([2], requiresGrad: true);
        Assert.Throws<InvalidOperationException>(() => new Newton([x]).Step());
        Assert.Throws<InvalidOperationException>(() => new Newton([x]).Step(() => x * 2.0));
        Assert.Throws<InvalidOperationException>(() => new Newton([x]).Step(() => null!));
        Assert.Throws<ArgumentNullException>(() => new Newton([x]).Minimize(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Newton([x], maxHalvings: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Newton([x], toleranceGrad: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Newton([x]).Minimize(() => x.Sum(), maxIterations: 0));
        var frozen = Tensor.Zeros([2]);
        Assert.Contains("does not require a gradient", Assert.Throws<ArgumentException>(() => new Newton([frozen])).Message);
        var large = Tensor.Zeros([4097], requiresGrad: true);
        Assert.Contains("4097", Assert.Throws<ArgumentException>(() => new Newton([large])).Message);
    }
}
