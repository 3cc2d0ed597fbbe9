namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Dropout, as PyTorch's <c>dropout</c>: when <paramref name="training"/>, y = x·m with a fresh mask,
    /// mᵢ = 1/(1 − p) with probability 1 − p and 0 otherwise, so E[y] = x and ∂y/∂x = m; element i is kept when the
    /// i-th draw of <paramref name="random"/>.NextDouble() is ≥ p. Otherwise (or with p = 0) y is the input itself.
    /// </summary>
    /// <param name="input">x.</param>
    /// <param name="p">Probability of zeroing each element, in [0, 1] (default 0.5).</param>
    /// <param name="training">Whether to drop (PyTorch's default true); false is the identity.</param>
    /// <param name="random">
    /// Source of the mask, drawn under a lock on it, so one generator may serve several threads at once; seed it for
    /// reproducible masks. When null, the default generator: the innermost <see cref="Tensor.ManualSeed"/> scope's of
    /// this flow (under its lock), or <see cref="Random.Shared"/> (thread-safe already) outside every scope.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateDropout(p);
        if (!training || p == 0) return input;
        double scale = p < 1 ? 1 / (1 - p) : 0;
        var mask = new double[input.Count];
        // System.Random is not thread-safe: a race between two draws can leave it returning 0 forever (every element
        // dropped). One lock per mask, as PyTorch locks its generator, keeps the draws of a seed in order on one thread.
        Tensor.WithRandom(random, (mask, p, scale), static (r, s) => FillMask(s.mask, s.p, s.scale, r));
        return input * Tensor.FromArray(mask, input.Shape);
    }

    /// <summary>mᵢ = scale where the i-th draw is ≥ p, else 0.</summary>
    private static double[] FillMask(double[] mask, double p, double scale, Random random)
    {
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextDouble() >= p ? scale : 0.0;
        return mask;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 ≤ p ≤ 1 (NaN is rejected).</summary>
    internal static void ValidateDropout(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout probability must be in [0, 1].");
    }
}
