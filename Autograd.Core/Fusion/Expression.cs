namespace Autograd.Fusion;

/// <summary>The elementwise operations a lazy expression is made of.</summary>
internal enum Op : byte
{
    /// <summary>The elements of a realised tensor, broadcast to the expression's shape.</summary>
    Load,
    Neg, Exp, Log, Sqrt, Abs, Sign, Relu, Sigmoid, Tanh,
    /// <summary>ln(1 + x), accurate near 0.</summary>
    Log1p,
    /// <summary>eˣ − 1, accurate near 0.</summary>
    Expm1,
    Sin, Cos,
    /// <summary>ln|Γ(x)|.</summary>
    Lgamma,
    /// <summary>ψ(x) = Γ′(x)/Γ(x).</summary>
    Digamma,
    /// <summary>ψ₁(x) = ψ′(x).</summary>
    Trigamma,
    /// <summary>xᵖ with the exponent in <see cref="Expression.Parameter"/>.</summary>
    Pow,
    // Binary ops from here on (the evaluator dispatches on Op >= Add), Where last.
    Add, Sub, Mul, Div,
    /// <summary>max(a, b), NaN if either is NaN, +0 above −0 (IEEE 754-2019 maximum).</summary>
    Max,
    /// <summary>min(a, b), NaN if either is NaN, −0 below +0 (IEEE 754-2019 minimum).</summary>
    Min,
    /// <summary>1 where a &gt; b, else 0.</summary>
    Gt,
    /// <summary>1 where a ≥ b, else 0.</summary>
    Ge,
    /// <summary>1 where a = b, else 0.</summary>
    Eq,
    /// <summary>b where the mask (first argument) is not 0, else c.</summary>
    Where,
}

/// <summary>
/// A node of a lazy elementwise expression, tinygrad's lazy buffer in small: the op, its arguments, and for a
/// <see cref="Op.Load"/> the realised tensor it reads. Every node that is not a load has the shape of the whole
/// expression (an operand of another shape is realised and loaded with broadcasting), so evaluating any block of output
/// positions needs the same block of every node. Nodes are immutable and may be shared, so the expression is a DAG;
/// <see cref="Program"/> evaluates each shared node once per block.
/// </summary>
internal sealed class Expression
{
    /// <summary>Most nodes (counted with repetition) one expression may have; a larger operand is realised first.</summary>
    public const int MaxNodes = 32;

    public readonly Op Op;
    public readonly Expression[] Args;
    /// <summary>The exponent of <see cref="Op.Pow"/>; unused otherwise.</summary>
    public readonly double Parameter;
    /// <summary>For <see cref="Op.Load"/>: the realised tensor read, and its version when it was captured.</summary>
    public readonly Tensor? Source;
    public readonly int SourceVersion;
    /// <summary>Nodes below and including this one, shared ones counted each time they are reached (an upper bound).</summary>
    public readonly int Nodes;
    /// <summary>The backward pass open on this thread when the node was made, if it collects its buffers (see <see cref="Kernels.BackwardArena"/>).</summary>
    public readonly Kernels.BackwardArena? MadeIn = Kernels.BackwardArena.OpenCollecting;

    private Expression(Op op, Expression[] args, double parameter, Tensor? source)
    {
        Op = op;
        Args = args;
        Parameter = parameter;
        Source = source;
        if (source is not null) SourceVersion = source.Version;
        Nodes = 1;
        foreach (var a in args) Nodes += a.Nodes;
    }

    /// <summary>A load of <paramref name="source"/>'s elements, realising them now if it is lazy.</summary>
    public static Expression Load(Tensor source)
    {
        _ = source.Data;
        return new(Op.Load, [], 0, source);
    }

    /// <summary>Whether any load in this expression reads a tensor for which <paramref name="reads"/> is true.</summary>
    public bool Loads(Func<Tensor, bool> reads)
    {
        var pending = new Stack<Expression>();
        pending.Push(this);
        while (pending.TryPop(out var node))
        {
            if (node.Source is { } source && reads(source)) return true;
            foreach (var arg in node.Args) pending.Push(arg);
        }
        return false;
    }

    /// <summary>An op over <paramref name="args"/>.</summary>
    public static Expression Apply(Op op, Expression[] args, double parameter = 0) => new(op, args, parameter, null);
}
