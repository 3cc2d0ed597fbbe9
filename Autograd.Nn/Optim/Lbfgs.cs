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

        long total = ParameterArray.Sum(p => (long)p.Count);
        if (total > Array.MaxLength)
            throw new ArgumentException($"The parameters hold {total} elements in all, more than one flat vector can hold.", nameof(parameters));
        int n = (int)total;
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
    /// </summary>
    public override Tensor Step(Func<Tensor> closure)
    {
        var originalLoss = Evaluate(closure);
        double loss = originalLoss.Item();
        int evaluations = 1;
        GatherGradient(_flatGrad);
        if (MaxAbs(_flatGrad) <= _toleranceGrad) return originalLoss;

        double[] d = _direction;
        for (int iteration = 1; iteration <= _maxIter; iteration++)
        {
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
            if (gtd > -_toleranceChange) break;

            CopyParametersTo(_start);
            (double t, loss, int lineEvaluations) = _lineSearch.Search(
                (step, gradient) => EvaluateAt(closure, step, gradient), _stepLength, d, loss, _flatGrad, gtd, _toleranceChange);
            _stepLength = t;
            MoveParameters(_start, t, d);
            evaluations += lineEvaluations;

            if (iteration == _maxIter || evaluations >= _maxEval) break;
            if (MaxAbs(_flatGrad) <= _toleranceGrad) break;
            if (MaxAbs(d) * Math.Abs(t) <= _toleranceChange) break;
            if (Math.Abs(loss - prevLoss) < _toleranceChange) break;
        }
        return originalLoss;
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
        MoveParameters(_start, t, _direction);
        try
        {
            double loss = Evaluate(closure).Item();
            GatherGradient(gradient);
            return loss;
        }
        finally
        {
            SetParameters(_start);
        }
    }

    /// <summary>Copies every parameter's gradient into the flat vector (zeros where Grad is null).</summary>
    private void GatherGradient(Span<double> flat)
    {
        int offset = 0;
        foreach (var p in ParameterArray)
        {
            var segment = flat.Slice(offset, p.Count);
            if (p.Grad is { } g) g.Data.CopyTo(segment);
            else segment.Clear();
            offset += p.Count;
        }
    }

    private void CopyParametersTo(Span<double> flat)
    {
        int offset = 0;
        foreach (var p in ParameterArray)
        {
            p.Data.CopyTo(flat.Slice(offset, p.Count));
            offset += p.Count;
        }
    }

    private void SetParameters(ReadOnlySpan<double> flat)
    {
        int offset = 0;
        foreach (var p in ParameterArray)
        {
            flat.Slice(offset, p.Count).CopyTo(p.WritableData());
            offset += p.Count;
        }
    }

    /// <summary>Sets the parameters to start + t·d.</summary>
    private void MoveParameters(ReadOnlySpan<double> start, double t, ReadOnlySpan<double> d)
    {
        int offset = 0;
        foreach (var p in ParameterArray)
        {
            TensorPrimitives.MultiplyAdd(d.Slice(offset, p.Count), t, start.Slice(offset, p.Count), p.WritableData());
            offset += p.Count;
        }
    }

    private static double MaxAbs(ReadOnlySpan<double> v) => StrongWolfeLineSearch.MaxAbs(v);
}
