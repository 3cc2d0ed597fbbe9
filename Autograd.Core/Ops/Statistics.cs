namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Πᵢ xᵢ over all elements, a scalar (shape []; 1 for an empty tensor). ∂/∂xᵢ = g·Πⱼ≠ᵢ xⱼ, exact with zeros in x: with no
    /// zero it is g·P/xᵢ; with one zero, at xᵢ = 0 it is g times the product of the others and elsewhere g·P/xᵢ = 0 (written so
    /// that its own derivative is still right); with two or more zeros it is 0 everywhere (as a constant: a second derivative
    /// through it is then 0, where the exact one may not be).
    /// </summary>
    public Tensor Prod()
    {
        double p = 1;
        foreach (double v in Data) p *= v;
        return Recorded(new Tensor([p], []), "Prod", this, Saves.A | Saves.Out, static (op, g) => [ProdGradient(op.A, op.Out, g)]);
    }

    private static Tensor ProdGradient(Tensor x, Tensor product, Tensor g)
    {
        int zeros = 0;
        foreach (double v in x.Data) if (v == 0) zeros++;
        if (zeros == 0) return g * (product / x);
        if (zeros > 1) return ZerosLike(x);
        // One zero: there Πⱼ≠ᵢ xⱼ is the product with that element replaced by 1; elsewhere it is P/xᵢ (= 0 in value, but its
        // derivative along the zero element is not). The denominator is kept off 0 so no 0/0 reaches either branch's gradient.
        var zero = x.Eq(Scalar(0.0));
        var others = Where(zero, 1.0, x);
        return g * Where(zero, others.Prod(), product / others);
    }

    /// <summary>
    /// Variance along <paramref name="dim"/>: Σ(x − x̄)²/(n − c) with n the length of that dimension and c = 1 when
    /// <paramref name="unbiased"/> (Bessel's correction), else 0; the dimension is dropped unless <paramref name="keepDim"/>.
    /// A divisor n − c ≤ 0 gives NaN, as PyTorch. Composed from mean, sub, mul and sum, so ∂/∂x = g·2(x − x̄)/(n − c)
    /// comes from their rules (and is NaN where the divisor is 0).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range for this tensor's rank.</exception>
    public Tensor Var(int dim, bool unbiased = true, bool keepDim = false)
    {
        int d = Shapes.NormalizeDim(dim, Rank);
        int n = Rank == 0 ? 1 : _shape[d];
        var centred = this - Mean(d, keepDim: true);
        return (centred * centred).Sum(d, keepDim) / Divisor(n, unbiased);
    }

    /// <summary>
    /// Variance of all n elements: Σ(x − x̄)²/(n − c), c = 1 when <paramref name="unbiased"/>, a scalar (shape []); NaN when
    /// n − c ≤ 0 (one element unbiased, or none). ∂/∂x = g·2(x − x̄)/(n − c), from the composed ops' rules.
    /// </summary>
    public Tensor Var(bool unbiased = true)
    {
        var centred = this - Mean();
        return (centred * centred).Sum() / Divisor(Count, unbiased);
    }

    /// <summary>
    /// Standard deviation along <paramref name="dim"/>: √<see cref="Var(int, bool, bool)"/>. ∂/∂x = g·(x − x̄)/((n − c)·σ),
    /// from the composed rules: NaN where σ = 0 (a constant slice), as PyTorch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range for this tensor's rank.</exception>
    public Tensor Std(int dim, bool unbiased = true, bool keepDim = false) => Var(dim, unbiased, keepDim).Sqrt();

    /// <summary>
    /// Standard deviation of all elements: √<see cref="Var(bool)"/>, a scalar. ∂/∂x = g·(x − x̄)/((n − c)·σ), NaN where
    /// σ = 0, as PyTorch.
    /// </summary>
    public Tensor Std(bool unbiased = true) => Var(unbiased).Sqrt();

    /// <summary>max(n − c, 0) as PyTorch takes it, so n − c ≤ 0 divides by 0 (0/0 = NaN for a sum of squares of 0).</summary>
    private static double Divisor(int n, bool unbiased) => Math.Max(n - (unbiased ? 1 : 0), 0);

    /// <summary>
    /// The Frobenius (L2) norm ‖x‖ = √(Σᵢ xᵢ²) over all elements, a scalar (0 for an empty tensor). ∂/∂x = g·x/‖x‖, and 0 at
    /// x = 0 (as PyTorch's subgradient), never NaN; twice differentiable away from 0.
    /// </summary>
    public Tensor Norm()
    {
        double s = 0;
        foreach (double v in Data) s += v * v;
        return Recorded(new Tensor([Math.Sqrt(s)], []), "Norm", this, Saves.A | Saves.Out,
            static (op, g) => [op.Out.Data[0] == 0 ? ZerosLike(op.A) : g * (op.A / op.Out)]);
    }
}
