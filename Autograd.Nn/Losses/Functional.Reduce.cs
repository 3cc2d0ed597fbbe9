namespace Autograd.Nn;

/// <summary>
/// Stateless functional forms of the layers and losses (like <c>torch.nn.functional</c>): the modules hold their
/// settings and delegate the math here, so each formula is written once.
/// </summary>
public static partial class Functional
{
    /// <summary>Applies <paramref name="reduction"/> to elementwise losses: ℓ itself, (1/n) Σ ℓᵢ or Σ ℓᵢ.</summary>
    internal static Tensor Reduce(Tensor elementwise, Reduction reduction) => reduction switch
    {
        Reduction.None => elementwise,
        Reduction.Mean => elementwise.Mean(),
        Reduction.Sum => elementwise.Sum(),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="reduction"/> is a defined value.</summary>
    internal static void ValidateReduction(Reduction reduction)
    {
        if (!Enum.IsDefined(reduction))
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Reduction must be None, Mean or Sum.");
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming both shapes unless input and target have identical shapes
    /// (losses do not broadcast: [N, 1] against [N] would silently become [N, N]).
    /// </summary>
    internal static void RequireSameShape(Tensor input, Tensor target, string loss)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!Shapes.SameAs(input.ShapeSpan, target.ShapeSpan))
            throw new ArgumentException(
                $"{loss}: input shape {Shapes.Format(input.ShapeSpan)} and target shape {Shapes.Format(target.ShapeSpan)} must be identical (losses do not broadcast).",
                nameof(target));
    }
}
