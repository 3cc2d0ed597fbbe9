namespace Autograd.Nn;

/// <summary>How a loss turns its elementwise values ℓᵢ into its result.</summary>
public enum Reduction
{
    /// <summary>No reduction: the elementwise losses ℓᵢ, in the input's shape.</summary>
    None,

    /// <summary>The mean (1/n) Σᵢ ℓᵢ over all n elements, a scalar (NaN when n = 0).</summary>
    Mean,

    /// <summary>The sum Σᵢ ℓᵢ over all elements, a scalar.</summary>
    Sum,
}
