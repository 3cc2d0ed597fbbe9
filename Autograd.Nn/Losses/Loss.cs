namespace Autograd.Nn;

/// <summary>
/// Base class of loss modules: a function ℓ(input, target) reduced by <see cref="Reduction"/>. A loss needs a target,
/// so it is called through <see cref="Forward(Tensor, Tensor)"/>; the one-argument form throws.
/// </summary>
public abstract class Loss : Module
{
    /// <summary>Creates a loss that reduces its elementwise values as <paramref name="reduction"/> says.</summary>
    protected Loss(Reduction reduction)
    {
        Functional.ValidateReduction(reduction);
        Reduction = reduction;
    }

    /// <summary>How the elementwise losses are combined: <see cref="Reduction.Mean"/>, <see cref="Reduction.Sum"/> or <see cref="Reduction.None"/>.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="input"/> (predictions) against <paramref name="target"/> (observed values).</summary>
    public abstract Tensor Forward(Tensor input, Tensor target);

    /// <summary>Always throws <see cref="InvalidOperationException"/>: a loss needs a target, call <see cref="Forward(Tensor, Tensor)"/>.</summary>
    public sealed override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException($"{GetType().Name} needs a target: call Forward(input, target).");
}
