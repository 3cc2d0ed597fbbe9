using System.Numerics.Tensors;
using Autograd.Fusion;
using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Σᵢ xᵢ over all elements, a scalar (shape []): summed in fixed blocks, a lazy operand's elements as they are computed,
    /// never stored. ∂/∂x = g broadcast to x's shape.
    /// </summary>
    public Tensor Sum()
    {
        double total = Pending is { } expression ? Program.Compile(expression, _shape).Sum() : BlockSums.Sum(Data);
        return Recorded(new Tensor([total], []), "Sum", this, Saves.Nothing, static (op, g) => [g.BroadcastTo(op.Inputs[0].Shape)]);
    }

    /// <summary>
    /// log Σᵢ e^xᵢ over all elements (PyTorch's <c>torch.logsumexp</c> over every dimension), composed stably as
    /// m + log Σᵢ e^(xᵢ − m) with m = max x held constant (0 where the max is infinite). A scalar of shape []; −∞ for an
    /// empty tensor, +∞ when some xᵢ = +∞, NaN when some xᵢ is NaN. Its gradient, g·e^(xᵢ − m)/Σⱼ e^(xⱼ − m), is the
    /// softmax, from the ops' own rules.
    /// </summary>
    public Tensor LogSumExp()
    {
        double max = Count == 0 ? double.NegativeInfinity : TensorPrimitives.Max<double>(Data);
        double shift = double.IsInfinity(max) ? 0 : max;
        return (this - shift).Exp().Sum().Log() + shift;
    }

    /// <summary>
    /// log Σ e^x along <paramref name="dim"/>, stably as <see cref="LogSumExp()"/> (m the max along that dimension, held
    /// constant); the dimension is dropped unless <paramref name="keepDim"/>.
    /// </summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        int d = Shapes.NormalizeDim(dim, Rank);
        if (Rank == 0) return keepDim ? LogSumExp() + 0.0 : LogSumExp();
        var shift = MaxAlong(d, infinityToZero: true);   // shape with dim d of size 1, no history
        var y = (this - shift).Exp().Sum(d, keepDim: true).Log() + shift;
        return keepDim ? y : y.Reshape([.. _shape[..d], .. _shape[(d + 1)..]]);
    }

    /// <summary>
    /// The max of each slice along dimension <paramref name="dim"/> (normalised), kept with size 1, as a constant (not
    /// recorded): the shift of a stable log Σ e^x. NaN where a slice holds NaN, −∞ for an empty slice; with
    /// <paramref name="infinityToZero"/>, infinite maxima (and empty slices) give 0 instead, so x − m keeps x's infinities.
    /// </summary>
    internal Tensor MaxAlong(int dim, bool infinityToZero)
    {
        var (outer, length, inner) = Shapes.Around(_shape, dim);
        var kept = Shape;
        kept[dim] = 1;
        var m = new double[outer * inner];
        if (length == 0) m.AsSpan().Fill(double.NegativeInfinity);
        else SelectAlong(Data, outer, length, inner, largest: true, m, new double[m.Length]);
        if (infinityToZero)
            for (int i = 0; i < m.Length; i++)
                if (double.IsInfinity(m[i])) m[i] = 0;
        return new Tensor(m, kept);
    }

    /// <summary>(1/n) Σᵢ xᵢ over all n elements (NaN when n = 0).</summary>
    public Tensor Mean() => Sum() / Count;

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
        return Recorded(new Tensor(d, s), "SumTo", this, Saves.Nothing, static (op, g) => [g.BroadcastTo(op.Inputs[0].Shape)]);
    }

    /// <summary>Repeats this tensor along broadcast dimensions to <paramref name="shape"/> (NumPy rules). ∂/∂x = g summed back.</summary>
    public Tensor BroadcastTo(params int[] shape)
    {
        var s = Shapes.Validate(shape);
        if (!Shapes.BroadcastsTo(_shape, s))
            throw new ArgumentException($"Shape {Shapes.Format(_shape)} cannot be broadcast to {Shapes.Format(s)}.", nameof(shape));
        if (Shapes.SameAs(s, _shape)) return this;
        Tensor y;
        if (Shapes.Count(s) >= LazyFrom) y = new Tensor(Expression.Load(this), s);
        else
        {
            var d = Uninitialized(Shapes.Count(s));
            BroadcastKernels.Expand(Data, _shape, d, s);
            y = new Tensor(d, s);
        }
        return Recorded(y, "BroadcastTo", this, Saves.Nothing, static (op, g) => [g.SumTo(op.Inputs[0].Shape)]);
    }
}
