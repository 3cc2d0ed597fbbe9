using Autograd.Fusion;
using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise results with at least this many elements are lazy: they hold an expression over their operands, and
    /// the first reduction, read or non-elementwise op computes the whole expression in one pass. Smaller ones are
    /// computed at once, where building an expression would cost more than the op.
    /// </summary>
    internal const int LazyFrom = 16384;

    /// <summary>op(this) elementwise: now when small, else lazily.</summary>
    private Tensor Unary(Op op, double parameter = 0)
    {
        if (Count >= LazyFrom) return Lazy(op, _shape, [this], parameter);
        var d = Uninitialized(Count);
        ElementwiseKernels.Unary(op, Data, parameter, d);
        return new Tensor(d, _shape);
    }

    /// <summary>a op b elementwise under broadcasting: now when small, else lazily.</summary>
    private static Tensor Binary(Op op, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Shape arrays are never mutated, so equal shapes share one array.
        var shape = a._shape.AsSpan().SequenceEqual(b._shape) ? a._shape : Shapes.Broadcast(a._shape, b._shape);
        int count = ReferenceEquals(shape, a._shape) ? a.Count : Shapes.Count(shape);
        if (count >= LazyFrom) return Lazy(op, shape, [a, b]);
        var d = Uninitialized(count);
        BroadcastKernels.Binary(op, a.Data, a._shape, b.Data, b._shape, d, shape);
        return new Tensor(d, shape);
    }

    /// <summary>mask ≠ 0 ? a : b elementwise under broadcasting: now when small, else lazily.</summary>
    private static Tensor Select(Tensor mask, Tensor a, Tensor b)
    {
        var shape = Shapes.Broadcast(Shapes.Broadcast(mask._shape, a._shape), b._shape);
        int count = Shapes.Count(shape);
        if (count >= LazyFrom) return Lazy(Op.Where, shape, [mask, a, b]);
        var d = Uninitialized(count);
        BroadcastKernels.Where(mask.Data, mask._shape, a.Data, a._shape, b.Data, b._shape, d, shape);
        return new Tensor(d, shape);
    }

    /// <summary>
    /// A lazy result of op over <paramref name="operands"/>: a lazy operand of the result's shape is inlined (its
    /// expression is recomputed here rather than stored), any other operand is realised and loaded with broadcasting.
    /// Past <see cref="Expression.MaxNodes"/> nodes the lazy operands are realised instead, so expressions stay small.
    /// </summary>
    private static Tensor Lazy(Op op, int[] shape, Tensor[] operands, double parameter = 0)
    {
        var args = new Expression[operands.Length];
        int nodes = 1;
        for (int i = 0; i < args.Length; i++) nodes += (args[i] = operands[i].AsOperand(shape)).Nodes;
        if (nodes > Expression.MaxNodes)
            for (int i = 0; i < args.Length; i++) args[i] = Expression.Load(operands[i]);
        return new Tensor(Expression.Apply(op, args, parameter), shape);
    }

    /// <summary>This tensor as an operand of an expression of <paramref name="shape"/>: its own expression, or a load.</summary>
    internal Expression AsOperand(int[] shape) =>
        Pending is { } expression && Shapes.SameAs(_shape, shape) ? expression : Expression.Load(this);
}
