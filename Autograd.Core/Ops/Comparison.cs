using Autograd.Fusion;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>1 where a &gt; b, else 0 (broadcast; no gradient).</summary>
    public Tensor Gt(Tensor other) => Binary(Op.Gt, this, other);
    /// <summary>1 where a ≥ b, else 0 (broadcast; no gradient).</summary>
    public Tensor Ge(Tensor other) => Binary(Op.Ge, this, other);
    /// <summary>1 where a &lt; b, else 0 (broadcast; no gradient).</summary>
    public Tensor Lt(Tensor other) => Binary(Op.Gt, other, this);
    /// <summary>1 where a ≤ b, else 0 (broadcast; no gradient).</summary>
    public Tensor Le(Tensor other) => Binary(Op.Ge, other, this);
    /// <summary>1 where a = b, else 0 (broadcast; no gradient).</summary>
    public Tensor Eq(Tensor other) => Binary(Op.Eq, this, other);

    /// <summary>Mask a &gt; b.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    /// <summary>Mask a &lt; b.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    /// <summary>Mask a ≥ b.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    /// <summary>Mask a ≤ b.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    /// <summary>Mask a &gt; s.</summary>
    public static Tensor operator >(Tensor a, double s) => a.Gt(Scalar(s));
    /// <summary>Mask a &lt; s.</summary>
    public static Tensor operator <(Tensor a, double s) => a.Lt(Scalar(s));
    /// <summary>Mask a ≥ s.</summary>
    public static Tensor operator >=(Tensor a, double s) => a.Ge(Scalar(s));
    /// <summary>Mask a ≤ s.</summary>
    public static Tensor operator <=(Tensor a, double s) => a.Le(Scalar(s));

    /// <summary>
    /// Elementwise choice: a where mask ≠ 0, b elsewhere (all three broadcast). ∂/∂a = g where mask, 0 elsewhere;
    /// ∂/∂b = g where not mask. The unchosen branch gets an exact 0, so NaN or ∞ there never leaks into the gradient.
    /// </summary>
    public static Tensor Where(Tensor mask, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Recorded(Select(mask, a, b), "Where", a, b, Saves.Nothing,   // the mask is kept by the rule
            (op, g) => [op.NeedsGrad(0) ? Where(mask, g, 0.0) : null, op.NeedsGrad(1) ? Where(mask, 0.0, g) : null]);
    }

    /// <summary><see cref="Where(Tensor, Tensor, Tensor)"/> with a constant for the unmasked branch.</summary>
    public static Tensor Where(Tensor mask, Tensor a, double b) => Where(mask, a, Scalar(b));

    /// <summary><see cref="Where(Tensor, Tensor, Tensor)"/> with a constant for the masked branch.</summary>
    public static Tensor Where(Tensor mask, double a, Tensor b) => Where(mask, Scalar(a), b);
}
