using Autograd.Fusion;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>eˣ elementwise. ∂/∂x = g·eˣ (the saved output).</summary>
    public Tensor Exp()
    {
        var y = Unary(Op.Exp);
        return Recorded(y, "Exp", this, Saves.Out, static (op, g) => [g * op.Out]);
    }

    /// <summary>ln x elementwise (ln 0 = −∞, ln of a negative number = NaN). ∂/∂x = g/x.</summary>
    public Tensor Log() => Recorded(Unary(Op.Log), "Log", this, Saves.A, static (op, g) => [g / op.A]);

    /// <summary>xᵖ elementwise. ∂/∂x = g·p·xᵖ⁻¹ (0 when p = 0).</summary>
    public Tensor Pow(double exponent)
    {
        var y = Unary(Op.Pow, exponent);
        return Recorded(y, "Pow", this, Saves.A, (op, g) => [exponent == 0 ? ZerosLike(g) : g * exponent * op.A.Pow(exponent - 1)]);
    }

    /// <summary>√x elementwise. ∂/∂x = g/(2√x).</summary>
    public Tensor Sqrt()
    {
        var y = Unary(Op.Sqrt);
        return Recorded(y, "Sqrt", this, Saves.Out, static (op, g) => [g / (op.Out * 2.0)]);
    }

    /// <summary>|x| elementwise. ∂/∂x = g·sign(x) (0 at x = 0, as PyTorch).</summary>
    public Tensor Abs() => Recorded(Unary(Op.Abs), "Abs", this, Saves.A, static (op, g) => [g * op.A.Sign()]);

    /// <summary>sign(x) ∈ {−1, 0, 1} elementwise (NaN stays NaN); no gradient.</summary>
    public Tensor Sign() => Unary(Op.Sign);

    /// <summary>
    /// max(x, 0) elementwise. ∂/∂x = g where the output is not 0 (x &gt; 0, and NaN as in PyTorch), else 0: the output is the
    /// mask, so backward builds no comparison tensor.
    /// </summary>
    public Tensor Relu() => Recorded(Unary(Op.Relu), "Relu", this, Saves.Out, static (op, g) => [Where(op.Out, g, 0.0)]);

    /// <summary>σ(x) = 1/(1 + e⁻ˣ) elementwise. ∂/∂x = g·σ(x)(1 − σ(x)).</summary>
    public Tensor Sigmoid()
    {
        var y = Unary(Op.Sigmoid);
        return Recorded(y, "Sigmoid", this, Saves.Out, static (op, g) => [g * op.Out * (1.0 - op.Out)]);
    }

    /// <summary>tanh x elementwise. ∂/∂x = g·(1 − tanh² x).</summary>
    public Tensor Tanh()
    {
        var y = Unary(Op.Tanh);
        return Recorded(y, "Tanh", this, Saves.Out, static (op, g) => [g * (1.0 - op.Out * op.Out)]);
    }

    /// <summary>A tensor of zeros with the shape of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return new(new double[like.Count], like._shape);
    }

    /// <summary>A tensor of ones with the shape of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Full(like._shape, 1.0);
    }
}
