using System.Globalization;
using Autograd.Kernels;
using System.Runtime.InteropServices;

namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Poisson negative log-likelihood of counts <paramref name="target"/> = y under predicted rates, elementwise, then reduced:
    /// <list type="bullet">
    /// <item><paramref name="logInput"/> = true: x is log λ and ℓ = eˣ − y·x.</item>
    /// <item><paramref name="logInput"/> = false: x is λ itself and ℓ = x − y·log(x + ε), ε = <paramref name="eps"/>.</item>
    /// <item><paramref name="full"/> = true adds Stirling's approximation of log y!: y·log y − y + ½·log(2πy) where y &gt; 1, 0 where y ≤ 1.</item>
    /// </list>
    /// Values equal PyTorch's <c>poisson_nll_loss</c>. Composed of tensor ops, so the gradient with respect to both input and
    /// target comes from reverse mode: ∂ℓ/∂x = eˣ − y (log input) or 1 − y/(x + ε) (rate input), whatever <paramref name="full"/> is.
    /// </summary>
    /// <remarks>
    /// Use log input (the default) when x comes from an unconstrained layer, as in a log-linear Poisson GLM: no positivity
    /// constraint and the most stable gradients. Use rate input when x is already positive (after softplus or exp); ε keeps
    /// log(x + ε) finite at x = 0. Use <paramref name="full"/> to report a loss that equals −log P(y; λ) up to Stirling's
    /// error (below 1/(12y)), e.g. to compare models or compute deviance; it never changes the input gradient.
    /// Differences from PyTorch, all deliberate: input and target shapes must be identical (PyTorch broadcasts [N, 1] against
    /// [N] to [N, N]); negative, infinite or NaN targets are rejected (PyTorch accepts them silently); and with <paramref name="full"/>
    /// the target gradient is finite everywhere, including y = 0 where PyTorch's is NaN, because the Stirling term is computed
    /// on a safe copy of y (2 where y ≤ 1) before it is masked out.
    /// </remarks>
    /// <param name="input">Predictions x: log-rates when <paramref name="logInput"/>, otherwise rates.</param>
    /// <param name="target">Observed counts 0 ≤ y &lt; ∞ (non-integers allowed), of exactly the input's shape.</param>
    /// <param name="logInput">Whether x is log λ (true) or λ (false).</param>
    /// <param name="full">Whether to add the Stirling term for log y!.</param>
    /// <param name="eps">Finite ε ≥ 0 added to λ inside the log when <paramref name="logInput"/> is false.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentException">The shapes differ (both are named), or a target is negative, +∞ or NaN (its index is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is negative, infinite or NaN, or <paramref name="reduction"/> is undefined.</exception>
    public static Tensor PoissonNLLLoss(Tensor input, Tensor target, bool logInput = true, bool full = false,
        double eps = 1e-8, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape(input, target, nameof(PoissonNLLLoss));
        ValidatePoissonEps(eps);
        ValidateReduction(reduction);
        RequireCounts(target);

        // loss = rate − target·log(rate), with rate = eˣ (log input) or x + eps inside the log (rate input). The terms are
        // lazy, so the reduction computes them block by block without storing them, and backward recomputes eˣ.
        var loss = logInput ? input.Exp() - target * input : input - target * (input + eps).Log();
        if (full) loss = loss + Stirling(target);
        return reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => loss.Sum(),
            _ => loss.Mean(),
        };
    }

    /// <summary>Stirling's term y·log y − y + ½·log(2πy) where y &gt; 1, else 0; finite forward and backward at y = 0.</summary>
    private static Tensor Stirling(Tensor target)
    {
        var aboveOne = target > 1.0;
        var y = Tensor.Where(aboveOne, target, 2.0); // safe copy: no log 0 reaches forward or backward
        return Tensor.Where(aboveOne, y * y.Log() - y + 0.5 * (2.0 * Math.PI * y).Log(), 0.0);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 ≤ ε &lt; ∞ (NaN is rejected).</summary>
    internal static void ValidatePoissonEps(double eps)
    {
        if (!(eps >= 0) || double.IsPositiveInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be non-negative and finite (and not NaN).");
    }

    /// <summary>One pass over the targets: throws <see cref="ArgumentException"/> naming the first index holding a negative, infinite or NaN value.</summary>
    private static void RequireCounts(Tensor target)
    {
        if (SuspectChunks(target.Data) == 0) return;   // one vectorised pass, on all cores when large, when all is well
        var y = target.Span;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] >= 0 && y[i] < double.PositiveInfinity) continue;
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"PoissonNLLLoss: target[{i}] (index {FormatIndex(i, target.ShapeSpan)} in shape {Shapes.Format(target.ShapeSpan)}) is {y[i]}; counts must be non-negative, finite and not NaN."),
                nameof(target));
        }
    }

    /// <summary>
    /// How many of the fixed chunks of <paramref name="y"/> may hold a value outside [0, ∞), NaN included, by one
    /// vectorised integer maximum per chunk: as unsigned 64-bit patterns, exactly the doubles +0 ≤ y &lt; +∞ lie below the
    /// pattern of +∞, and every negative value, NaN and +∞ lies at or above it. −0 also lies above it, so a chunk holding
    /// −0 (a valid count) is a suspect that the exact scan in <see cref="RequireCounts"/> then clears.
    /// </summary>
    private static double SuspectChunks(double[] y) =>
        Chunked.Sum(y.Length, y, static (y, start, count) =>
            count == 0 || MaxBits(MemoryMarshal.Cast<double, ulong>(y.AsSpan(start, count))) < PositiveInfinityBits ? 0 : 1);

    private const ulong PositiveInfinityBits = 0x7FF0_0000_0000_0000;

    /// <summary>
    /// The largest of the unsigned patterns: one plain vector loop, compiled optimised at its first call, where
    /// TensorPrimitives.Max built six generic methods at tier 0 in the first call of every process (issue 17).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ulong MaxBits(ReadOnlySpan<ulong> bits)
    {
        int w = System.Numerics.Vector<ulong>.Count, i = 0;
        var max = System.Numerics.Vector<ulong>.Zero;
        for (; i <= bits.Length - w; i += w) max = System.Numerics.Vector.Max(max, new System.Numerics.Vector<ulong>(bits[i..]));
        ulong result = 0;
        for (int lane = 0; lane < w; lane++) result = Math.Max(result, max[lane]);
        for (; i < bits.Length; i++) result = Math.Max(result, bits[i]);
        return result;
    }

    /// <summary>The multi-index of row-major position <paramref name="flat"/> in <paramref name="shape"/>, e.g. [1, 2].</summary>
    private static string FormatIndex(int flat, ReadOnlySpan<int> shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Shapes.Format(index);
    }
}
