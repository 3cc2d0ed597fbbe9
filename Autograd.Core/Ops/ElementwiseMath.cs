using Autograd.Fusion;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>ln(1 + x) elementwise, accurate for small |x| (ln(1 + −0) = −0, −1 gives −∞, below −1 NaN). ∂/∂x = g/(1 + x).</summary>
    public Tensor Log1p() => Recorded(Unary(Op.Log1p), "Log1p", this, Saves.A, static (op, g) => [g / (op.A + 1.0)]);

    /// <summary>eˣ − 1 elementwise, accurate for small |x| (eˣ − 1 at −0 is −0). ∂/∂x = g·eˣ = g·(y + 1), from the saved output.</summary>
    public Tensor Expm1() => Recorded(Unary(Op.Expm1), "Expm1", this, Saves.Out, static (op, g) => [g * (op.Out + 1.0)]);

    /// <summary>x² = x·x elementwise. ∂/∂x = g·2x.</summary>
    public Tensor Square() => Recorded(Binary(Op.Mul, this, this), "Square", this, Saves.A, static (op, g) => [g * (op.A * 2.0)]);

    /// <summary>sin x elementwise (x in radians). ∂/∂x = g·cos x.</summary>
    public Tensor Sin() => Recorded(Unary(Op.Sin), "Sin", this, Saves.A, static (op, g) => [g * op.A.Cos()]);

    /// <summary>cos x elementwise (x in radians). ∂/∂x = −g·sin x.</summary>
    public Tensor Cos() => Recorded(Unary(Op.Cos), "Cos", this, Saves.A, static (op, g) => [-(g * op.A.Sin())]);

    /// <summary>
    /// min(max(x, min), max) elementwise, as PyTorch's clamp: with min &gt; max every element becomes max; NaN stays NaN (and
    /// a NaN bound gives NaN). ∂/∂x = g where min ≤ x ≤ max (bounds included), 0 elsewhere.
    /// </summary>
    public Tensor Clamp(double min, double max) =>
        Recorded(Binary(Op.Min, Binary(Op.Max, this, Scalar(min)), Scalar(max)), "Clamp", this, Saves.A,
            (op, g) => [Where((op.A >= min) * (op.A <= max), g, 0.0)]);

    /// <summary>max(x, min) elementwise (NaN stays NaN). ∂/∂x = g where x ≥ min, 0 elsewhere.</summary>
    public Tensor ClampMin(double min) =>
        Recorded(Binary(Op.Max, this, Scalar(min)), "ClampMin", this, Saves.A, (op, g) => [Where(op.A >= min, g, 0.0)]);

    /// <summary>min(x, max) elementwise (NaN stays NaN). ∂/∂x = g where x ≤ max, 0 elsewhere.</summary>
    public Tensor ClampMax(double max) =>
        Recorded(Binary(Op.Min, this, Scalar(max)), "ClampMax", this, Saves.A, (op, g) => [Where(op.A <= max, g, 0.0)]);

    /// <summary>
    /// max(a, b) elementwise under broadcasting, as PyTorch's maximum: NaN where either is NaN, and +0 above −0.
    /// ∂/∂a = g where a &gt; b, g/2 where a = b, 0 where a &lt; b; ∂/∂b the mirror image (where a or b is NaN both get g,
    /// as in PyTorch).
    /// </summary>
    public static Tensor Maximum(Tensor a, Tensor b) =>
        Recorded(Binary(Op.Max, a, b), "Maximum", a, b, Saves.Inputs, static (op, g) =>
        [
            op.NeedsGrad(0) ? TieSplit(op.A < op.B, op.A, op.B, g) : null,
            op.NeedsGrad(1) ? TieSplit(op.A > op.B, op.A, op.B, g) : null,
        ]);

    /// <summary>
    /// min(a, b) elementwise under broadcasting, as PyTorch's minimum: NaN where either is NaN, and −0 below +0.
    /// ∂/∂a = g where a &lt; b, g/2 where a = b, 0 where a &gt; b; ∂/∂b the mirror image (where a or b is NaN both get g).
    /// </summary>
    public static Tensor Minimum(Tensor a, Tensor b) =>
        Recorded(Binary(Op.Min, a, b), "Minimum", a, b, Saves.Inputs, static (op, g) =>
        [
            op.NeedsGrad(0) ? TieSplit(op.A > op.B, op.A, op.B, g) : null,
            op.NeedsGrad(1) ? TieSplit(op.A < op.B, op.A, op.B, g) : null,
        ]);

    /// <summary>An input's share of g for max/min: 0 where <paramref name="loses"/>, g/2 where a = b, g elsewhere.</summary>
    private static Tensor TieSplit(Tensor loses, Tensor a, Tensor b, Tensor g) => Where(loses, 0.0, Where(a.Eq(b), g * 0.5, g));

    /// <summary>
    /// ln|Γ(x)| elementwise, as PyTorch's lgamma: defined on the positive reals and the negative non-integers, +∞ at 0, the
    /// negative integers and ±∞. ∂/∂x = g·ψ(x) (<see cref="Digamma"/>), itself differentiable, so Hessians work.
    /// </summary>
    public Tensor Lgamma() => Recorded(Unary(Op.Lgamma), "Lgamma", this, Saves.A, static (op, g) => [g * op.A.Digamma()]);

    /// <summary>
    /// ψ(x) = Γ′(x)/Γ(x) = d ln|Γ(x)|/dx elementwise, as PyTorch's digamma: ψ(+0) = −∞, ψ(−0) = +∞, NaN at the negative
    /// integers and −∞. ∂/∂x = g·ψ₁(x) (trigamma), which is not differentiable further.
    /// </summary>
    public Tensor Digamma() => Recorded(Unary(Op.Digamma), "Digamma", this, Saves.A, static (op, g) => [g * op.A.Trigamma()]);

    /// <summary>ψ₁(x) = ψ′(x) elementwise, the gradient of <see cref="Digamma"/>; differentiating it again throws.</summary>
    internal Tensor Trigamma() => Recorded(Unary(Op.Trigamma), "Trigamma", this, Saves.Nothing, static (_, _) =>
        throw new NotSupportedException("The derivative of trigamma (the third derivative of Lgamma, the second of Digamma) is not implemented."));
}
