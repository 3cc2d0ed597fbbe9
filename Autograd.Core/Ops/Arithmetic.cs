using Autograd.Fusion;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>a + b, broadcast. ∂/∂a = g, ∂/∂b = g.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Recorded(Binary(Op.Add, a, b), "Add", a, b, Saves.Nothing, static (_, g) => [g, g]);

    /// <summary>a − b, broadcast. ∂/∂a = g, ∂/∂b = −g.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Recorded(Binary(Op.Sub, a, b), "Sub", a, b, Saves.Nothing, static (_, g) => [g, -g]);

    /// <summary>a ⊙ b elementwise, broadcast. ∂/∂a = g·b, ∂/∂b = g·a.</summary>
    public static Tensor operator *(Tensor a, Tensor b) =>
        Recorded(Binary(Op.Mul, a, b), "Mul", a, b, Saves.Inputs, static (op, g) => [op.NeedsGrad(0) ? g * op.B : null, op.NeedsGrad(1) ? g * op.A : null]);

    /// <summary>a / b elementwise, broadcast. ∂/∂a = g/b, ∂/∂b = −g·a/b² = −g·(a/b)/b (no b², which would overflow early).</summary>
    public static Tensor operator /(Tensor a, Tensor b) =>
        Recorded(Binary(Op.Div, a, b), "Div", a, b, Saves.B | Saves.Out,
            static (op, g) => [op.NeedsGrad(0) ? g / op.B : null, op.NeedsGrad(1) ? -(g * op.Out) / op.B : null]);

    /// <summary>−a. ∂/∂a = −g.</summary>
    public static Tensor operator -(Tensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Recorded(a.Unary(Op.Neg), "Neg", a, Saves.Nothing, static (_, g) => [-g]);
    }

    /// <summary>a + s.</summary>
    public static Tensor operator +(Tensor a, double s) => a + Scalar(s);
    /// <summary>s + a.</summary>
    public static Tensor operator +(double s, Tensor a) => Scalar(s) + a;
    /// <summary>a − s.</summary>
    public static Tensor operator -(Tensor a, double s) => a - Scalar(s);
    /// <summary>s − a.</summary>
    public static Tensor operator -(double s, Tensor a) => Scalar(s) - a;
    /// <summary>a · s.</summary>
    public static Tensor operator *(Tensor a, double s) => a * Scalar(s);
    /// <summary>s · a.</summary>
    public static Tensor operator *(double s, Tensor a) => Scalar(s) * a;
    /// <summary>a / s.</summary>
    public static Tensor operator /(Tensor a, double s) => a / Scalar(s);
    /// <summary>s / a.</summary>
    public static Tensor operator /(double s, Tensor a) => Scalar(s) / a;

    /// <summary>Method form of <c>a + b</c>.</summary>
    public Tensor Add(Tensor other) => this + other;
    /// <summary>Method form of <c>a − b</c>.</summary>
    public Tensor Sub(Tensor other) => this - other;
    /// <summary>Method form of <c>a ⊙ b</c>.</summary>
    public Tensor Mul(Tensor other) => this * other;
    /// <summary>Method form of <c>a / b</c>.</summary>
    public Tensor Div(Tensor other) => this / other;
    /// <summary>Method form of <c>−a</c>.</summary>
    public Tensor Neg() => -this;
}
