namespace Autograd.Nn;

/// <summary>
/// Dropout, as <c>torch.nn.Dropout</c>: in training mode each element is zeroed with probability p and the survivors are
/// scaled by 1/(1 − p), so the expected output equals the input: y = x·m with mᵢ = 1/(1 − p) or 0. In evaluation mode
/// (<see cref="Module.Eval"/>) it is the identity. The masks come from the generator given at construction, so a seeded
/// generator makes them reproducible. One instance may be used from several threads at once: each mask is drawn under a
/// lock on the generator (a generator shared with other code is safe too if that code locks it the same way).
/// </summary>
public sealed class Dropout : Module
{
    private readonly Random _random;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing each element, in [0, 1] (default 0.5).</param>
    /// <param name="random">Source of the masks; a new unseeded generator when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public Dropout(double p = 0.5, Random? random = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout probability must be in [0, 1].");
        P = p;
        _random = random ?? new Random();
    }

    /// <summary>Probability of zeroing each element in training mode.</summary>
    public double P { get; }

    /// <summary>Training: y = x·m with a fresh mask, mᵢ = 1/(1 − p) with probability 1 − p, else 0 (∂y/∂x = m). Evaluation: y = x.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsTraining || P == 0) return input;
        double scale = P < 1 ? 1 / (1 - P) : 0;
        var mask = new double[input.Count];
        // System.Random is not thread-safe: a race between two draws can leave it returning 0 forever (every element
        // dropped). One lock per mask, as PyTorch locks its generator, keeps the draws of a seed in order on one thread.
        lock (_random)
            for (int i = 0; i < mask.Length; i++) mask[i] = _random.NextDouble() >= P ? scale : 0.0;
        return input * Tensor.FromArray(mask, input.Shape);
    }
}
