using System.Globalization;

namespace Autograd;

/// <summary>Outcome of <see cref="GradCheck.Check"/>: whether every Jacobian entry agreed, and the worst entry seen.</summary>
/// <param name="Passed">True when |analytic − numeric| ≤ atol + rtol·|numeric| for every entry.</param>
/// <param name="InputIndex">Which input the worst entry belongs to (−1 if the Jacobian is empty: f has no output elements or the inputs no elements).</param>
/// <param name="ElementIndex">Row-major index of the input element of the worst entry.</param>
/// <param name="OutputIndex">Row-major index of the output element of the worst entry.</param>
/// <param name="Analytic">Reverse-mode value ∂outᵢ/∂inⱼ at the worst entry.</param>
/// <param name="Numeric">Central-difference value (f(x + ε) − f(x − ε)) / 2ε at the worst entry.</param>
/// <param name="Excess">|analytic − numeric| − (atol + rtol·|numeric|) at the worst entry; ≤ 0 means within tolerance.</param>
public sealed record GradCheckResult(bool Passed, int InputIndex, int ElementIndex, int OutputIndex, double Analytic, double Numeric, double Excess)
{
    /// <summary>A readable one-line account of the worst entry.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GradCheck {(Passed ? "passed" : "FAILED")}: worst entry d out[{OutputIndex}] / d input{InputIndex}[{ElementIndex}]: analytic {Analytic:R}, numeric {Numeric:R} (excess over tolerance {Excess:G3})");
}

/// <summary>Thrown by <see cref="GradCheck.Assert"/> when the analytic and numeric gradients disagree.</summary>
public sealed class GradCheckException(GradCheckResult result) : Exception((result ?? throw new ArgumentNullException(nameof(result))).ToString())
{
    /// <summary>The failing comparison.</summary>
    public GradCheckResult Result { get; } = result;
}

/// <summary>
/// Checks reverse-mode gradients against central finite differences in double precision, entry by entry of the
/// Jacobian, for every input that requires a gradient (like <c>torch.autograd.gradcheck</c>).
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Compares J_analytic[i, j] = ∂f(x)ᵢ/∂xⱼ from backward with J_numeric[i, j] = (f(x + ε eⱼ)ᵢ − f(x − ε eⱼ)ᵢ) / 2ε.
    /// <paramref name="f"/> is called many times on fresh copies of <paramref name="inputs"/>; it must be deterministic.
    /// </summary>
    /// <exception cref="ArgumentException">No input requires a gradient, or an input is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε is not positive and finite, or atol or rtol is negative, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">f returned null, or its output changed size between evaluations.</exception>
    public static GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        ValidateArguments(f, inputs, eps, atol, rtol);
        var values = Array.ConvertAll(inputs, t => t.ToArray());
        var shapes = Array.ConvertAll(inputs, t => t.Shape);
        var needs = Array.ConvertAll(inputs, t => t.RequiresGrad);
        Tensor[] Fresh(bool grad) => [.. values.Select((v, i) => Tensor.FromArray(v, shapes[i], grad && needs[i]))];

        var first = Evaluate(f, Fresh(false));
        int outputCount = first.Count;
        var outputShape = first.Shape;
        // Every later evaluation must have the first one's size: the Jacobian has one row per output element.
        Tensor Eval(Tensor[] x)
        {
            var y = Evaluate(f, x);
            if (y.Count != outputCount)
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"GradCheck: f's output changed size between evaluations, from {outputCount} elements (shape {Shapes.Format(outputShape)}) to {y.Count} element{(y.Count == 1 ? "" : "s")} (shape {Shapes.Format(y.ShapeSpan)}); f must return the same shape for inputs of the same shapes."));
            return y;
        }
        var worst = new GradCheckResult(true, -1, -1, -1, 0, 0, double.NegativeInfinity);

        // Analytic Jacobian, one output element (one backward) at a time.
        var analytic = new double[inputs.Length][][];
        for (int i = 0; i < inputs.Length; i++) analytic[i] = new double[outputCount][];
        for (int o = 0; o < outputCount; o++)
        {
            var x = Fresh(true);
            var y = Eval(x);
            var seed = new double[outputCount];
            seed[o] = 1;
            var grads = y.RequiresGrad ? Autodiff.Grad(y, x.Where((_, i) => needs[i]).ToArray(), Tensor.FromArray(seed, y.Shape)) : [];
            for (int i = 0, k = 0; i < inputs.Length; i++)
                if (needs[i]) analytic[i][o] = grads.Length > k && grads[k++] is { } g ? g.ToArray() : new double[values[i].Length];
        }

        // Numeric Jacobian, one input element (two forward passes) at a time.
        using (Tensor.NoGrad())
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!needs[i]) continue;
                for (int j = 0; j < values[i].Length; j++)
                {
                    double keep = values[i][j];
                    values[i][j] = keep + eps;
                    var plus = Eval(Fresh(false)).ToArray();
                    values[i][j] = keep - eps;
                    var minus = Eval(Fresh(false)).ToArray();
                    values[i][j] = keep;
                    for (int o = 0; o < outputCount; o++)
                    {
                        double numeric = (plus[o] - minus[o]) / (2 * eps), a = analytic[i][o][j];
                        double excess = Math.Abs(a - numeric) - (atol + rtol * Math.Abs(numeric));
                        if (double.IsNaN(excess)) excess = double.PositiveInfinity;
                        if (excess > worst.Excess) worst = new GradCheckResult(excess <= 0, i, j, o, a, numeric, excess);
                    }
                }
            }
        }
        return worst with { Passed = !(worst.Excess > 0) };
    }

    /// <summary>
    /// Throws unless f and the inputs are given, at least one input requires a gradient (<see cref="ArgumentException"/>:
    /// there would be nothing to check), ε is positive and finite, and atol and rtol are non-negative and finite
    /// (<see cref="ArgumentOutOfRangeException"/>: an infinite tolerance would pass every gradient).
    /// </summary>
    private static void ValidateArguments(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!(eps > 0) || double.IsInfinity(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        if (!(atol >= 0) || double.IsInfinity(atol)) throw new ArgumentOutOfRangeException(nameof(atol), atol, "atol must be non-negative and finite.");
        if (!(rtol >= 0) || double.IsInfinity(rtol)) throw new ArgumentOutOfRangeException(nameof(rtol), rtol, "rtol must be non-negative and finite.");
        foreach (var t in inputs) ArgumentNullException.ThrowIfNull(t, nameof(inputs));
        if (!inputs.Any(t => t.RequiresGrad))
            throw new ArgumentException($"GradCheck: none of the {inputs.Length} inputs requires a gradient, so there is nothing to check; create the inputs to differentiate with requiresGrad: true.", nameof(inputs));
    }

    /// <summary>f(x), or <see cref="InvalidOperationException"/> if f returned null.</summary>
    private static Tensor Evaluate(Func<Tensor[], Tensor> f, Tensor[] x) =>
        f(x) ?? throw new InvalidOperationException("GradCheck: f returned null; it must return a tensor.");

    /// <summary>Runs <see cref="Check"/> and throws <see cref="GradCheckException"/> with a readable message if it fails.</summary>
    /// <exception cref="ArgumentException">No input requires a gradient, or an input is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε is not positive and finite, or atol or rtol is negative, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">f returned null, or its output changed size between evaluations.</exception>
    public static void Assert(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        var result = Check(f, inputs, eps, atol, rtol);
        if (!result.Passed) throw new GradCheckException(result);
    }

    /// <summary>
    /// Second-order check (like <c>torch.autograd.gradgradcheck</c>): checks the gradient of
    /// Σ (∂f/∂x · v) with a fixed all-ones v, computed with createGraph, against finite differences.
    /// </summary>
    /// <exception cref="ArgumentException">No input requires a gradient, or an input is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε is not positive and finite, or atol or rtol is negative, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">f returned null, or its output changed size between evaluations.</exception>
    public static GradCheckResult CheckSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        ValidateArguments(f, inputs, eps, atol, rtol);
        var needs = Array.ConvertAll(inputs, t => t.RequiresGrad);
        Tensor FirstGradients(Tensor[] given)
        {
            using var recording = Tensor.EnableGrad();
            // In the finite-difference passes the inputs arrive without requiresGrad: give f differentiable copies.
            var x = given.Select((t, i) => needs[i] && !t.RequiresGrad ? Tensor.FromArray(t.ToArray(), t.Shape, true) : t).ToArray();
            var y = Evaluate(f, x);
            var wrt = x.Where((_, i) => needs[i]).ToArray();
            var grads = Autodiff.Grad(y, wrt, Tensor.Full(y.Shape, 1.0), createGraph: true);
            Tensor total = Tensor.Scalar(0.0);
            foreach (var g in grads) if (g is not null) total = total + g.Sum();
            return total;
        }
        return Check(FirstGradients, inputs, eps, atol, rtol);
    }
}
