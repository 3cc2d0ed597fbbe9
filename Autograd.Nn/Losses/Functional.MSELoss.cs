namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Mean squared error, as PyTorch's <c>mse_loss</c>: ℓᵢ = (xᵢ − yᵢ)², then reduced. ∂ℓᵢ/∂xᵢ = 2(xᵢ − yᵢ).
    /// Unlike PyTorch, input and target must have identical shapes.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ (both are named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> is undefined.</exception>
    public static Tensor MSELoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape(input, target, nameof(MSELoss));
        ValidateReduction(reduction);
        var difference = input - target;
        return Reduce(difference * difference, reduction);
    }
}
