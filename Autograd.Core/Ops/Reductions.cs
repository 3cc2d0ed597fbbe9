using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Σᵢ xᵢ over all elements, a scalar (shape []). ∂/∂x = g broadcast to x's shape.
    /// </summary>
    public Tensor Sum() => Recorded(new Tensor([TensorPrimitives.Sum<double>(Data)], []), "Sum", this, static (op, g) => [g.BroadcastTo(op.A._shape)]);

    /// <summary>
    /// log Σᵢ e^xᵢ over all elements, computed stably as m + log Σᵢ e^(xᵢ − m) with m = max x (PyTorch's
    /// <c>torch.logsumexp</c> over every dimension). A one-element tensor of shape []; −∞ for an empty tensor, +∞ when
    /// some xᵢ = +∞, NaN when some xᵢ is NaN. The terms are never stored. Gradient: ∂/∂xᵢ = g·e^(xᵢ − y), the softmax.
    /// </summary>
    public Tensor LogSumExp()
    {
        double max = Data.Length == 0 ? double.NegativeInfinity : TensorPrimitives.Max<double>(Data);
        double y = double.IsInfinity(max) || double.IsNaN(max) ? max : max + Math.Log(ExpKernels.SumExp(Data, max));
        return Recorded(new Tensor([y], []), "LogSumExp", this,
            static (op, g) => [GradMode.IsEnabled ? g * (op.A - op.Out).Exp() : ScaledExp(op.A, op.Out.Data[0], g)]);
    }

    /// <summary>
    /// Σᵢ e^xᵢ over all elements: <c>x.Exp().Sum()</c> in one pass, without storing the n terms (0 for an empty tensor;
    /// overflow gives +∞ as the sum would). Gradient: ∂/∂xᵢ = g·e^xᵢ, recomputed in backward rather than kept.
    /// </summary>
    public Tensor SumExp() =>
        Recorded(new Tensor([ExpKernels.SumExp(Data, 0.0)], []), "SumExp", this,
            static (op, g) => [GradMode.IsEnabled ? g * op.A.Exp() : ScaledExp(op.A, 0.0, g)]);

    /// <summary>g·e^(x − shift) for a one-element g, not recorded: the rules' x − shift, exp, times g in one pass, same roundings.</summary>
    private static Tensor ScaledExp(Tensor x, double shift, Tensor g)
    {
        var d = Uninitialized(x.Data.Length);
        ExpKernels.ScaledExp(x.Data, shift, g.Data[0], d);
        return new Tensor(d, x._shape);
    }

    /// <summary>
    /// The inner product Σᵢ aᵢ·bᵢ over all elements of two tensors of the same shape (PyTorch's <c>torch.dot</c>, which
    /// takes 1-D tensors; here any rank). A one-element tensor of shape []. Gradients: ∂/∂a = g·b, ∂/∂b = g·a.
    /// It sums the products without storing them, one pass over both operands (large ones in fixed chunks, any core count).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public Tensor Dot(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Shapes.SameAs(_shape, other._shape))
            throw new ArgumentException($"Dot needs two tensors of the same shape, got {Shapes.Format(_shape)} and {Shapes.Format(other._shape)}.", nameof(other));
        double dot = Chunked.Sum(Data.Length, (a: Data, b: other.Data),
            static (s, start, count) => TensorPrimitives.Dot<double>(s.a.AsSpan(start, count), s.b.AsSpan(start, count)));
        var y = new Tensor([dot], []);
        return Recorded(y, "Dot", this, other, static (op, g) => [op.A.RequiresGrad ? g * op.B : null, op.B.RequiresGrad ? g * op.A : null]);
    }

    /// <summary>(1/n) Σᵢ xᵢ over all n elements (NaN when n = 0).</summary>
    public Tensor Mean() => Sum() / Data.Length;

    /// <summary>Sum along <paramref name="dim"/> (negative counts from the end); that dimension is dropped unless <paramref name="keepDim"/>.</summary>
    public Tensor Sum(int dim, bool keepDim = false)
    {
        int d = Shapes.NormalizeDim(dim, Rank);
        var kept = Shape;
        if (kept.Length == 0) return keepDim ? this + 0.0 : Sum();
        kept[d] = 1;
        var y = SumTo(kept);
        return keepDim ? y : y.Reshape([.. _shape[..d], .. _shape[(d + 1)..]]);
    }

    /// <summary>Mean along <paramref name="dim"/>: <see cref="Sum(int, bool)"/> divided by the length of that dimension.</summary>
    public Tensor Mean(int dim, bool keepDim = false)
    {
        int d = Shapes.NormalizeDim(dim, Rank);
        return Sum(dim, keepDim) / (Rank == 0 ? 1 : _shape[d]);
    }

    /// <summary>
    /// Sums this tensor down to <paramref name="shape"/>, which must broadcast to this tensor's shape (PyTorch's sum_to_size):
    /// the adjoint of <see cref="BroadcastTo"/>. ∂/∂x = g broadcast back.
    /// </summary>
    public Tensor SumTo(params int[] shape)
    {
        var s = Shapes.Validate(shape);
        if (!Shapes.BroadcastsTo(s, _shape))
            throw new ArgumentException($"Cannot sum shape {Shapes.Format(_shape)} down to {Shapes.Format(s)}: it does not broadcast back.", nameof(shape));
        if (Shapes.SameAs(s, _shape)) return this;
        var d = new double[Shapes.Count(s)];
        BroadcastKernels.SumTo(Data, _shape, d, s);
        return Recorded(new Tensor(d, s), "SumTo", this, static (op, g) => [g.BroadcastTo(op.A._shape)]);
    }

    /// <summary>Repeats this tensor along broadcast dimensions to <paramref name="shape"/> (NumPy rules). ∂/∂x = g summed back.</summary>
    public Tensor BroadcastTo(params int[] shape)
    {
        var s = Shapes.Validate(shape);
        if (!Shapes.BroadcastsTo(_shape, s))
            throw new ArgumentException($"Shape {Shapes.Format(_shape)} cannot be broadcast to {Shapes.Format(s)}.", nameof(shape));
        if (Shapes.SameAs(s, _shape)) return this;
        var d = Uninitialized(Shapes.Count(s));
        BroadcastKernels.Expand(Data, _shape, d, s);
        return Recorded(new Tensor(d, s), "BroadcastTo", this, static (op, g) => [g.SumTo(op.A._shape)]);
    }
}
