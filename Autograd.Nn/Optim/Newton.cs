using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Autograd.Optim;

/// <summary>
/// Newton's method with the exact Hessian, for small smooth full-batch problems such as a GLM's likelihood. Each
/// <see cref="Step(Func{Tensor})"/> computes the loss L, its gradient g and its Hessian H over all the parameters θ (one
/// flat vector, as <see cref="Autodiff.Hessian(Func{Tensor}, IEnumerable{Tensor})"/> orders them) by double backward,
/// solves H·d = −g by Cholesky (when H is not positive definite, (H + τI)·d = −g with τ ≥ 10⁻³·‖H‖_F − min Hᵢᵢ doubled
/// until it is, as Nocedal and Wright's modified Newton method; −g when nothing factorises), and moves to θ + t·d with t = 1, ½, ¼, … halved while the loss there is NaN, infinite or higher than L,
/// as R's <c>glm.fit</c> does. Newton's method is affine invariant, so badly scaled parameters need no standardising.
/// </summary>
/// <remarks>
/// The closure only computes and returns the loss: Newton differentiates it itself, so it must not call Backward (which
/// would free the graph Newton needs). Each step costs one recorded evaluation with P + 1 backward passes, P the number
/// of parameters, a P × P solve, and one unrecorded evaluation per trial step.
/// </remarks>
public sealed class Newton : Optimizer
{
    private readonly int _maxHalvings;
    private readonly double _toleranceGrad, _toleranceChange;
    private readonly double[] _start, _direction;

    /// <summary>
    /// Creates the optimizer over <paramref name="parameters"/> (leaves that require a gradient, at most 4,096 elements in
    /// all). A step tries at most <paramref name="maxHalvings"/> + 1 step lengths 1, ½, …; <see cref="Minimize"/> stops
    /// when max|gᵢ| ≤ <paramref name="toleranceGrad"/> or when the predicted decrease −½ g·d (half the Newton decrement
    /// λ², invariant to rescaling the parameters) is at most <paramref name="toleranceChange"/>·(|L| + 0.1).
    /// </summary>
    public Newton(IEnumerable<Tensor> parameters, int maxHalvings = 40, double toleranceGrad = 1e-10, double toleranceChange = 1e-15)
        : base(parameters)
    {
        _maxHalvings = maxHalvings >= 0 ? maxHalvings
            : throw new ArgumentOutOfRangeException(nameof(maxHalvings), maxHalvings, $"maxHalvings must be at least 0 (0: full Newton steps only), but it is {maxHalvings}.");
        _toleranceGrad = Hyperparameters.NonNegative(toleranceGrad, nameof(toleranceGrad));
        _toleranceChange = Hyperparameters.NonNegative(toleranceChange, nameof(toleranceChange));
        int n = FlatParameters.Length(ParameterArray, nameof(parameters));
        if (n > 4096)
            throw new ArgumentException($"Newton forms the {n} × {n} Hessian of the {n} parameter elements; it is meant for at most 4,096 (use Lbfgs for more).", nameof(parameters));
        for (int i = 0; i < ParameterArray.Length; i++)
            if (!ParameterArray[i].RequiresGrad)
                throw new ArgumentException($"Parameter {i} (shape {Shapes.Format(ParameterArray[i].ShapeSpan)}) does not require a gradient.", nameof(parameters));
        _start = new double[n];
        _direction = new double[n];
    }

    /// <summary>Not available: Newton needs the loss as a function. Use <see cref="Step(Func{Tensor})"/>.</summary>
    public override void Step() =>
        throw new InvalidOperationException("Newton differentiates the loss twice itself: call Step(closure) with a closure that computes and returns the loss.");

    /// <summary>
    /// Takes one damped Newton step θ ← θ + t·d, d = −H⁻¹g, t the first of 1, ½, ¼, … with a finite loss no higher than L;
    /// the parameters stay put when none is. Returns the loss L before the step, like every optimizer's Step, and leaves
    /// each parameter's Grad holding ∂L/∂θ at that point.
    /// </summary>
    public override Tensor Step(Func<Tensor> closure)
    {
        var point = Derive(closure);
        if (double.IsFinite(point.Value) && FlatParameters.MaxAbs(point.Gradient) > 0) Descend(closure, point);
        return point.Loss;
    }

    /// <summary>
    /// Takes Newton steps until max|gᵢ| ≤ toleranceGrad or, for an undamped step, −½ g·d ≤ toleranceChange·(|L| + 0.1)
    /// (converged; that last full step is then taken too, when it does not raise the loss), the loss is not finite, no step
    /// length lowers the loss, or <paramref name="maxIterations"/> steps have been taken, and reports how it ended. The loss and gradient in the result are those where the parameters were left.
    /// </summary>
    public OptimizationResult Minimize(Func<Tensor> closure, int maxIterations = 100)
    {
        Hyperparameters.Positive(maxIterations, nameof(maxIterations));
        int iterations = 0, evaluations = 0;
        while (true)
        {
            var point = Derive(closure);
            evaluations++;
            double gradMax = FlatParameters.MaxAbs(point.Gradient);
            OptimizationResult Stop(StopReason reason, string message) => new(
                reason is StopReason.GradientTolerance or StopReason.ChangeTolerance, reason, message,
                iterations, evaluations, point.Value, gradMax);

            if (!double.IsFinite(point.Value)) return Stop(StopReason.NonFiniteLoss, $"the loss is {point.Value} at the start");
            if (gradMax <= _toleranceGrad)
                return Stop(StopReason.GradientTolerance, $"max |gradient| {gradMax:G3} <= toleranceGrad {_toleranceGrad:G3}");
            var (slope, damped) = Direction(point);
            double decrease = -0.5 * slope;
            // Only an undamped Newton step predicts the decrease left: a damped one is short by design (a saddle, say).
            if (!damped && decrease <= _toleranceChange * (Math.Abs(point.Value) + 0.1))
            {
                // Converged. The full Newton step from here costs one evaluation and, the convergence being quadratic,
                // takes the error from about √decrease to rounding: taken when it does not raise the loss.
                var (polished, _) = Search(closure, point.Value, halvings: 0);
                evaluations++;
                if (!polished) return Stop(StopReason.ChangeTolerance, $"the predicted decrease −½ g·d = {decrease:G3} is within toleranceChange of the loss");
                iterations++;
                var last = Derive(closure);
                evaluations++;
                return new OptimizationResult(true, StopReason.ChangeTolerance,
                    $"the predicted decrease −½ g·d = {decrease:G3} was within toleranceChange of the loss; the last full Newton step was taken",
                    iterations, evaluations, last.Value, FlatParameters.MaxAbs(last.Gradient));
            }
            if (iterations == maxIterations) return Stop(StopReason.MaxIterations, $"{maxIterations} Newton steps, the limit");

            var (moved, trials) = Search(closure, point.Value);
            iterations++;
            evaluations += trials;
            if (!moved)
                return Stop(StopReason.NoDecrease, $"no step length 1, 1/2, ..., 1/2^{_maxHalvings} along the Newton direction gave a finite loss at most {point.Value:G6}");
        }
    }

    /// <summary>The loss at the current parameters with its flat gradient and Hessian.</summary>
    private readonly record struct Point(Tensor Loss, double Value, double[] Gradient, double[] Hessian);

    private Point Derive(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        (Tensor Loss, double[] Gradient, double[] Hessian) d;
        try
        {
            d = Autodiff.Derivatives(closure, ParameterArray);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Trying to backward through the graph a second time", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Newton differentiates the closure's loss twice itself, so the closure must compute and return the loss without calling Backward. ({e.Message})", e);
        }
        catch (ArgumentException e) when (e.ParamName == "loss")
        {
            throw new InvalidOperationException($"The closure must return a one-element loss tensor. ({e.Message})", e);
        }
        FlatParameters.ScatterGradient(ParameterArray, d.Gradient);
        return new Point(d.Loss, d.Loss.Item(), d.Gradient, d.Hessian);
    }

    /// <summary>One step from the point, if its direction descends; for <see cref="Step(Func{Tensor})"/>.</summary>
    private void Descend(Func<Tensor> closure, Point point)
    {
        if (Direction(point).Slope < 0) Search(closure, point.Value);
    }

    /// <summary>
    /// Writes the Newton direction d = −H⁻¹g into the direction buffer (damped when H is not positive definite, −g when no
    /// damping helps) and returns the slope g·d, negative for a descent direction, and whether it had to be damped. Elements
    /// the loss does not reach (a zero gradient and a zero row of H: an unused parameter) get dᵢ = 0 and take no part in
    /// the solve, so they neither need damping nor force it on the others.
    /// </summary>
    private (double Slope, bool Damped) Direction(Point point)
    {
        int n = point.Gradient.Length;
        var active = Enumerable.Range(0, n).Where(i => point.Gradient[i] != 0 || Enumerable.Range(0, n).Any(j => point.Hessian[i * n + j] != 0)).ToArray();
        int m = active.Length;
        Array.Clear(_direction);
        var h = Matrix<double>.Build.Dense(m, m, (i, j) => 0.5 * (point.Hessian[active[i] * n + active[j]] + point.Hessian[active[j] * n + active[i]]));
        var rhs = Vector<double>.Build.Dense(m, i => -point.Gradient[active[i]]);
        var solution = new double[m];
        // Cholesky with an added multiple of the identity (Nocedal & Wright, Algorithm 3.3): τ = 0 when the diagonal is
        // positive, else β − min Hᵢᵢ with β = 10⁻³·‖H‖_F; doubled (at least β) until H + τI factorises.
        double beta = Math.Max(1e-3 * h.FrobeniusNorm(), 1e-300), minDiagonal = m == 0 ? 1 : h.Diagonal().Minimum();
        double tau = minDiagonal > 0 ? 0 : beta - minDiagonal;
        bool solved = false;
        for (int attempt = 0; !solved && attempt < 64 && double.IsFinite(tau); attempt++)
        {
            solved = TrySolve(tau == 0 ? h : h + tau * Matrix<double>.Build.DenseIdentity(m), rhs, solution);
            if (!solved) tau = Math.Max(2 * tau, beta);
        }
        if (solved) for (int i = 0; i < m; i++) _direction[active[i]] = solution[i];
        else TensorPrimitives.Negate(point.Gradient, _direction);
        bool damped = !solved || tau > 0;
        double slope = TensorPrimitives.Dot(point.Gradient, _direction);
        if (!(slope < 0))
        {
            TensorPrimitives.Negate(point.Gradient, _direction);
            slope = -TensorPrimitives.Dot(point.Gradient, point.Gradient);
            damped = true;
        }
        return (slope, damped);
    }

    /// <summary>Solves a·x = b by Cholesky into <paramref name="x"/>; false when a is not (numerically) positive definite.</summary>
    private static bool TrySolve(Matrix<double> a, Vector<double> b, double[] x)
    {
        try
        {
            var solution = a.Cholesky().Solve(b);
            for (int i = 0; i < x.Length; i++)
            {
                if (!double.IsFinite(solution[i])) return false;
                x[i] = solution[i];
            }
            return true;
        }
        catch (ArgumentException)
        {
            return false; // MathNet's signal that the matrix is not positive definite
        }
    }

    /// <summary>
    /// Tries θ + t·d for t = 1, ½, … (unrecorded; at most <paramref name="halvings"/> halvings, maxHalvings by default) and
    /// keeps the first with a finite loss ≤ <paramref name="loss"/>; puts θ back when none has. Returns whether the parameters moved and how many losses were evaluated.
    /// </summary>
    private (bool Moved, int Trials) Search(Func<Tensor> closure, double loss, int? halvings = null)
    {
        int maxHalvings = halvings ?? _maxHalvings;
        FlatParameters.Read(ParameterArray, _start);
        double t = 1;
        bool moved = false;
        try
        {
            for (int trial = 1; trial <= maxHalvings + 1; trial++, t /= 2)
            {
                FlatParameters.Move(ParameterArray, _start, t, _direction);
                double value = Evaluate(closure, record: false).Item();
                if (double.IsFinite(value) && value <= loss) { moved = true; return (true, trial); }
            }
            return (false, maxHalvings + 1);
        }
        finally
        {
            if (!moved) FlatParameters.Write(ParameterArray, _start);  // no lower point, or the closure threw: put θ back
        }
    }
}
