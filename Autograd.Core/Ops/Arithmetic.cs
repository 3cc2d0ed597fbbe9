using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    private static Tensor Binary<TOp>(Tensor a, Tensor b) where TOp : IBinaryOp
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Shape arrays are never mutated, so equal shapes share one array.
        var shape = a._shape.AsSpan().SequenceEqual(b._shape) ? a._shape : Shapes.Broadcast(a._shape, b._shape);
        var d = Uninitialized(ReferenceEquals(shape, a._shape) ? a.Data.Length : Shapes.Count(shape));
        BroadcastKernels.Binary<TOp>(a.Data, a._shape, b.Data, b._shape, d, shape);
        return new Tensor(d, shape);
    }

    /// <summary>a + b, broadcast. ∂/∂a = g, ∂/∂b = g.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Recorded(Binary<AddOp>(a, b), "Add", a, b, static (_, g) => [g, g]);

    /// <summary>a − b, broadcast. ∂/∂a = g, ∂/∂b = −g.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Recorded(Binary<SubOp>(a, b), "Sub", a, b, static (_, g) => [g, -g]);

    /// <summary>a ⊙ b elementwise, broadcast. ∂/∂a = g·b, ∂/∂b = g·a.</summary>
    public static Tensor operator *(Tensor a, Tensor b) =>
        Recorded(Binary<MulOp>(a, b), "Mul", a, b, static (op, g) => [op.A.RequiresGrad ? g * op.B : null, op.B.RequiresGrad ? g * op.A : null]);

    /// <summary>a / b elementwise, broadcast. ∂/∂a = g/b, ∂/∂b = −g·a/b² = −g·(a/b)/b (no b², which would overflow early).</summary>
    public static Tensor operator /(Tensor a, Tensor b) =>
        Recorded(Binary<DivOp>(a, b), "Div", a, b,
            static (op, g) => [op.A.RequiresGrad ? g / op.B : null, op.B.RequiresGrad ? -(g * op.Out) / op.B : null]);

    /// <summary>−a. ∂/∂a = −g.</summary>
    public static Tensor operator -(Tensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Recorded(a.Map(System.Numerics.Tensors.TensorPrimitives.Negate<double>), "Neg", a, static (_, g) => [-g]);
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
