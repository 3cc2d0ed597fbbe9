using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Autograd.Optim;

/// <summary>
/// Limited-memory BFGS with a strong-Wolfe line search, as torch.optim.LBFGS with <c>line_search_fn="strong_wolfe"</c>:
/// full-batch, for smooth deterministic losses such as the likelihood of a count GLM. Each <see cref="Step(Func{Tensor})"/>
/// runs up to <c>maxIter</c> iterations d = −H·g, where H is the inverse-Hessian estimate built by the two-loop recursion
/// from the last <c>historySize</c> pairs s = x₊ − x, y = g₊ − g (those with y·s &gt; 1e-10), scaled by γ = y·s / y·y.
/// The parameters are treated as one flat vector in the order given; a parameter without a gradient counts as gradient 0.
/// </summary>
public sealed class Lbfgs : Optimizer
{
    private readonly double _lr, _toleranceGrad, _toleranceChange;
    private readonly int _maxIter, _maxEval, _historySize;
    private readonly StrongWolfeLineSearch _lineSearch;

    // Flat vectors: gradient, previous gradient, direction, and the parameters at the start of a line search.
    private readonly double[] _flatGrad, _prevFlatGrad, _direction, _start;

    // Curvature pairs, oldest first, with ρ = 1/(y·s); retired vectors are reused.
    private readonly List<double[]> _gradientChanges = [], _steps = [];
    private readonly List<double> _rho = [], _alpha = [];
    private readonly Stack<double[]> _spare = new();

    private int _iterations;
    private double _stepLength, _hessianScale = 1;

    /// <summary>
    /// Creates the optimizer. <paramref name="lr"/> scales the first trial step of every line search;
    /// <paramref name="maxIter"/> bounds the iterations and <paramref name="maxEval"/> (default maxIter·5/4) the loss
    /// evaluations per <see cref="Step(Func{Tensor})"/>; it stops early when max|gᵢ| ≤ <paramref name="toleranceGrad"/>,
    /// or when the step or the change in loss falls below <paramref name="toleranceChange"/>; <paramref name="historySize"/>
    /// curvature pairs are kept.
    /// </summary>
    public Lbfgs(IEnumerable<Tensor> parameters, double lr = 1, int maxIter = 20, int? maxEval = null,
        double toleranceGrad = 1e-7, double toleranceChange = 1e-9, int historySize = 100)
        : base(parameters)
    {
        _lr = Hyperparameters.NonNegative(lr, nameof(lr));
        _maxIter = Hyperparameters.Positive(maxIter, nameof(maxIter));
        _maxEval = Hyperparameters.Positive(maxEval ?? (int)Math.Min(int.MaxValue, maxIter * 5L / 4), nameof(maxEval));
        _toleranceGrad = Hyperparameters.NonNegative(toleranceGrad, nameof(toleranceGrad));
        _toleranceChange = Hyperparameters.NonNegative(toleranceChange, nameof(toleranceChange));
        _historySize = Hyperparameters.Positive(historySize, nameof(historySize));

        int n = FlatParameters.Length(ParameterArray, nameof(parameters));
        _flatGrad = new double[n];
        _prevFlatGrad = new double[n];
        _direction = new double[n];
        _start = new double[n];
        _lineSearch = new StrongWolfeLineSearch(n);
    }

    /// <summary>Not available: L-BFGS evaluates the loss several times per step. Use <see cref="Step(Func{Tensor})"/>.</summary>
    public override void Step() =>
        throw new InvalidOperationException("Lbfgs evaluates the loss several times per step: call Step(closure) with a closure that zeroes the gradients, computes the loss, calls Backward and returns the loss.");

    /// <summary>
    /// Runs up to maxIter L-BFGS iterations, calling <paramref name="closure"/> (zero the gradients, compute the loss,
    /// Backward, return the loss) whenever the loss is needed. Returns the loss of the first evaluation, before any update.
    /// A trial point with a NaN or infinite loss counts as a step too far and the line search backs off; if it finds no
    /// finite loss along a direction, the parameters are put back and the step ends (<see cref="Minimize"/> says so).
    /// </summary>
    public override Tensor Step(Func<Tensor> closure) => Run(closure).FirstLoss;

    /// <summary>
    /// Calls <see cref="Step(Func{Tensor})"/> until one ends on a tolerance (max|gᵢ| ≤ toleranceGrad, or the slope, step
    /// or loss change below toleranceChange), a line search finds no finite loss, or <paramref name="maxIterations"/>
    /// iterations have run in all, and reports how it ended. <see cref="OptimizationResult.Converged"/> is true only when
    /// max|gᵢ| ≤ toleranceGrad where the run ended: a stop on toleranceChange alone is reported as a stall.
    /// </summary>
    public OptimizationResult Minimize(Func<Tensor> closure, int maxIterations = 1000)
    {
        Hyperparameters.Positive(maxIterations, nameof(maxIterations));
        int iterations = 0, evaluations = 0, nonFinite = 0;
        while (true)
        {
            var step = Run(closure, maxIterations - iterations);
            iterations += step.Iterations;
            evaluations += step.Evaluations;
            nonFinite += step.NonFiniteTrials;
            bool finished = step.Reason is not (StopReason.MaxIterations or StopReason.MaxEvaluations);
            if (finished || iterations >= maxIterations)
            {
                string met = nonFinite == 0 ? "" : $"; the line searches met {nonFinite} non-finite losses and backed off from them";
                // Only the gradient test proves convergence: a stall on toleranceChange far from a stationary point is not.
                double gradMax = FlatParameters.MaxAbs(_flatGrad);
                bool converged = gradMax <= _toleranceGrad;
                string stalled = step.Reason == StopReason.ChangeTolerance && !converged
                    ? $", but max |gradient| {gradMax:G3} is above toleranceGrad {_toleranceGrad:G3}, so the run stalled rather than converged" : "";
                return new OptimizationResult(converged, step.Reason, step.Message + stalled + met, iterations, evaluations, step.Loss, gradMax);
            }
        }
    }

    /// <summary>What one <see cref="Step(Func{Tensor})"/> did: why its loop ended, and at what cost.</summary>
    private readonly record struct StepOutcome(Tensor FirstLoss, StopReason Reason, string Message, double Loss,
        int Iterations, int Evaluations, int NonFiniteTrials);

    /// <summary>The L-BFGS loop of one Step, with at most min(maxIter, <paramref name="iterationBudget"/>) iterations.</summary>
    private StepOutcome Run(Func<Tensor> closure, int iterationBudget = int.MaxValue)
    {
        var originalLoss = Evaluate(closure);
        double loss = originalLoss.Item();
        int evaluations = 1, nonFinite = 0, iteration = 0;
        StepOutcome Outcome(StopReason reason, string message) =>
            new(originalLoss, reason, message, loss, iteration, evaluations, nonFinite);

        FlatParameters.GatherGradient(ParameterArray, _flatGrad);
        if (!double.IsFinite(loss)) return Outcome(StopReason.NonFiniteLoss, $"the loss at the start is {loss}");
        if (!double.IsFinite(FlatParameters.MaxAbs(_flatGrad)))
            return Outcome(StopReason.NonFiniteLoss, $"the loss is {loss:G6} but its gradient is not finite at the start, so there is no direction to search");
        if (FlatParameters.MaxAbs(_flatGrad) <= _toleranceGrad)
            return Outcome(StopReason.GradientTolerance, $"max |gradient| {FlatParameters.MaxAbs(_flatGrad):G3} <= toleranceGrad {_toleranceGrad:G3}");

        double[] d = _direction;
        int limit = Math.Min(_maxIter, iterationBudget);
        while (true)
        {
            iteration++;
            _iterations++;
            if (_iterations == 1)
            {
                TensorPrimitives.Negate(_flatGrad, d);
                _hessianScale = 1;
            }
            else
            {
                UpdateHistory();
                ApplyInverseHessian(d);
            }
            _flatGrad.CopyTo(_prevFlatGrad);
            double prevLoss = loss;

            // First trial step: lr, except on the very first iteration where it is min(1, 1/Σ|gᵢ|)·lr.
            _stepLength = _iterations == 1 ? Math.Min(1.0, 1.0 / TensorPrimitives.SumOfMagnitudes(_flatGrad)) * _lr : _lr;
            double gtd = TensorPrimitives.Dot(_flatGrad, d);
            if (gtd > -_toleranceChange)
                return Outcome(StopReason.ChangeTolerance, $"the slope g·d = {gtd:G3} along the search direction is above −toleranceChange");

            FlatParameters.Read(ParameterArray, _start);
            var search = _lineSearch.Search(
                (step, gradient) => EvaluateAt(closure, step, gradient), _stepLength, d, loss, _flatGrad, gtd, _toleranceChange);
            (_stepLength, loss) = (search.Step, search.Loss);
            // Step 0 means no move at all: written back exactly, since 0·d is NaN where d is not finite.
            if (_stepLength == 0) FlatParameters.Write(ParameterArray, _start);
            else FlatParameters.Move(ParameterArray, _start, _stepLength, d);
            evaluations += search.Evaluations;
            nonFinite += search.NonFiniteTrials;

            if (search.FoundNoFiniteLoss)
                return Outcome(StopReason.NonFiniteLoss, $"the line search found no finite loss in {search.Evaluations} trials along the search direction, so the parameters were put back where the loss was {loss:G6}");
            if (FlatParameters.MaxAbs(_flatGrad) <= _toleranceGrad)
                return Outcome(StopReason.GradientTolerance, $"max |gradient| {FlatParameters.MaxAbs(_flatGrad):G3} <= toleranceGrad {_toleranceGrad:G3}");
            if (FlatParameters.MaxAbs(d) * Math.Abs(_stepLength) <= _toleranceChange)
                return Outcome(StopReason.ChangeTolerance, $"the step max|t·d| = {FlatParameters.MaxAbs(d) * Math.Abs(_stepLength):G3} <= toleranceChange");
            if (Math.Abs(loss - prevLoss) < _toleranceChange)
                return Outcome(StopReason.ChangeTolerance, $"the loss changed by {Math.Abs(loss - prevLoss):G3} < toleranceChange");
            if (iteration >= limit) return Outcome(StopReason.MaxIterations, $"the iteration limit ({limit}) was reached");
            if (evaluations >= _maxEval) return Outcome(StopReason.MaxEvaluations, $"{evaluations} loss evaluations in one step, the limit maxEval");
        }
    }

    /// <summary>
    /// Adds the pair s = t·d (last step), y = g − g_prev to the history when y·s &gt; 1e-10, dropping the oldest pair beyond
    /// historySize, and rescales the initial inverse Hessian to γ = y·s / y·y.
    /// </summary>
    private void UpdateHistory()
    {
        var y = _spare.Count > 0 ? _spare.Pop() : new double[_flatGrad.Length];
        var s = _spare.Count > 0 ? _spare.Pop() : new double[_flatGrad.Length];
        TensorPrimitives.Subtract(_flatGrad, _prevFlatGrad, y);
        TensorPrimitives.Multiply(_direction, _stepLength, s);
        double ys = TensorPrimitives.Dot(y, s);
        if (!(ys > 1e-10))
        {
            _spare.Push(y);
            _spare.Push(s);
            return;
        }
        if (_gradientChanges.Count == _historySize)
        {
            _spare.Push(_gradientChanges[0]);
            _spare.Push(_steps[0]);
            _gradientChanges.RemoveAt(0);
            _steps.RemoveAt(0);
            _rho.RemoveAt(0);
        }
        _gradientChanges.Add(y);
        _steps.Add(s);
        _rho.Add(1.0 / ys);
        _hessianScale = ys / TensorPrimitives.Dot(y, y);
    }

    /// <summary>Two-loop recursion: writes r = −H·g into <paramref name="r"/>, H the L-BFGS inverse-Hessian estimate.</summary>
    private void ApplyInverseHessian(double[] r)
    {
        int count = _gradientChanges.Count;
        CollectionsMarshal.SetCount(_alpha, count);
        TensorPrimitives.Negate(_flatGrad, r);
        for (int i = count - 1; i >= 0; i--)
        {
            _alpha[i] = TensorPrimitives.Dot(_steps[i], r) * _rho[i];
            TensorPrimitives.MultiplyAdd(_gradientChanges[i], -_alpha[i], r, r);
        }
        TensorPrimitives.Multiply(r, _hessianScale, r);
        for (int i = 0; i < count; i++)
        {
            double beta = TensorPrimitives.Dot(_gradientChanges[i], r) * _rho[i];
            TensorPrimitives.MultiplyAdd(_steps[i], _alpha[i] - beta, r, r);
        }
    }

    /// <summary>Loss and gradient at start + t·d; the parameters are put back to <c>start</c> afterwards.</summary>
    private double EvaluateAt(Func<Tensor> closure, double t, Span<double> gradient)
    {
        FlatParameters.Move(ParameterArray, _start, t, _direction);
        try
        {
            double loss = Evaluate(closure).Item();
            FlatParameters.GatherGradient(ParameterArray, gradient);
            return loss;
        }
        finally
        {
            FlatParameters.Write(ParameterArray, _start);
        }
    }
}
