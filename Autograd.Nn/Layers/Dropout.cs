namespace Autograd.Nn;

/// <summary>
/// Dropout, as <c>torch.nn.Dropout</c>: in training mode each element is zeroed with probability p and the survivors are
/// scaled by 1/(1 − p), so the expected output equals the input: y = x·m with mᵢ = 1/(1 − p) or 0. In evaluation mode
/// (<see cref="Module.Eval"/>) it is the identity. The masks come from the generator given at construction, so a seeded
/// generator makes them reproducible; without one, each mask comes from the default generator in force at the call to
/// <see cref="Forward"/> (the innermost <see cref="Tensor.ManualSeed"/> scope's, else <see cref="Random.Shared"/>), as
/// PyTorch draws from its global generator. One instance may be used from several threads at once: each mask is drawn
/// under a lock on the generator. See <see cref="Functional.Dropout"/>, which this layer calls.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Random? _random;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing each element, in [0, 1] (default 0.5).</param>
    /// <param name="random">Source of the masks; when null, the default generator at each <see cref="Forward"/> call.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public Dropout(double p = 0.5, Random? random = null)
    {
        Functional.ValidateDropout(p);
        P = p;
        _random = random;
    }

    /// <summary>Probability of zeroing each element in training mode.</summary>
    public double P { get; }

    /// <summary>PyTorch's settings line: <c>p=0.5, inplace=False</c> (this layer never works in place).</summary>
    public override string ExtraRepr() => $"p={PythonFormat.Float(P)}, inplace=False";

    /// <summary>Training: y = x·m with a fresh mask, mᵢ = 1/(1 − p) with probability 1 − p, else 0 (∂y/∂x = m). Evaluation: y = x.</summary>
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, IsTraining, _random);
}
