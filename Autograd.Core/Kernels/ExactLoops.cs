using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Autograd.Fusion;

namespace Autograd.Kernels;

/// <summary>
/// The exactly rounded elementwise ops (+ − × ÷, max, min, negation, |x|, √x, ReLU) as plain vector loops, one small
/// method per op. System.Numerics.Tensors builds four to seven generic methods per op and operand pattern (up to 4 KB
/// of tier-0 code each), which the JIT compiled at the first step of a training run and again at tier 1: 40 % of the JIT
/// time of the first MLP steps (issue 17). Every lane is the IEEE result of its own inputs, so the bits equal the ones
/// System.Numerics.Tensors gave, at any vector width, alignment or split. Each loop is compiled fully optimised at its
/// first call (<see cref="MethodImplOptions.AggressiveOptimization"/>): a loop otherwise runs as slow tier-0 code until
/// on-stack replacement, then is compiled twice more.
/// </summary>
internal static class ExactLoops
{
    /// <summary>d = a op b elementwise (d may be a or b itself).</summary>
    public static void SpanSpan(Op op, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d)
    {
        if (a.Length < d.Length || b.Length < d.Length) throw new ArgumentException($"operands of {a.Length} and {b.Length} elements for {d.Length}.");
        ref double ra = ref At(a), rb = ref At(b), rd = ref At(d);
        int n = d.Length;
        switch (op)
        {
            case Op.Add: Add(ref ra, ref rb, ref rd, n); break;
            case Op.Sub: Sub(ref ra, ref rb, ref rd, n); break;
            case Op.Mul: Mul(ref ra, ref rb, ref rd, n); break;
            case Op.Div: Div(ref ra, ref rb, ref rd, n); break;
            case Op.Max: Max(ref ra, ref rb, ref rd, n); break;
            case Op.Min: Min(ref ra, ref rb, ref rd, n); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "not an exact binary op");
        }
    }

    /// <summary>d = a op s elementwise, or s op a when <paramref name="scalarFirst"/> (d may be a itself).</summary>
    public static void SpanScalar(Op op, ReadOnlySpan<double> a, double s, bool scalarFirst, Span<double> d)
    {
        if (a.Length < d.Length) throw new ArgumentException($"an operand of {a.Length} elements for {d.Length}.");
        ref double ra = ref At(a), rd = ref At(d);
        int n = d.Length;
        switch (op, scalarFirst)
        {
            // Exactly commutative ops (max and min up to which NaN comes out) take the scalar second either way.
            case (Op.Add, _): AddScalar(ref ra, s, ref rd, n); break;
            case (Op.Mul, _): MulScalar(ref ra, s, ref rd, n); break;
            case (Op.Max, _): MaxScalar(ref ra, s, ref rd, n); break;
            case (Op.Min, _): MinScalar(ref ra, s, ref rd, n); break;
            case (Op.Sub, false): SubScalar(ref ra, s, ref rd, n); break;
            case (Op.Sub, true): ScalarSub(ref ra, s, ref rd, n); break;
            case (Op.Div, false): DivScalar(ref ra, s, ref rd, n); break;
            case (Op.Div, true): ScalarDiv(ref ra, s, ref rd, n); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "not an exact binary op");
        }
    }

    /// <summary>d = op(x) elementwise for Neg, Abs, Sqrt and Relu (max(x, 0): NaN stays NaN, −0 becomes +0).</summary>
    public static void Unary(Op op, ReadOnlySpan<double> x, Span<double> d)
    {
        if (x.Length < d.Length) throw new ArgumentException($"an operand of {x.Length} elements for {d.Length}.");
        ref double rx = ref At(x), rd = ref At(d);
        int n = d.Length;
        switch (op)
        {
            case Op.Neg: Neg(ref rx, ref rd, n); break;
            case Op.Abs: Abs(ref rx, ref rd, n); break;
            case Op.Sqrt: Sqrt(ref rx, ref rd, n); break;
            case Op.Relu: MaxScalar(ref rx, 0.0, ref rd, n); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "not an exact unary op");
        }
    }

    // One small method per op and operand pattern, each compiled fully optimised when a program first uses it: the
    // dispatch above stays a tier-0 switch, and a program pays only for the loops it runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Add(ref double a, ref double b, ref double d, int n) => SpanSpan(Op.Add, ref a, ref b, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Sub(ref double a, ref double b, ref double d, int n) => SpanSpan(Op.Sub, ref a, ref b, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Mul(ref double a, ref double b, ref double d, int n) => SpanSpan(Op.Mul, ref a, ref b, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Div(ref double a, ref double b, ref double d, int n) => SpanSpan(Op.Div, ref a, ref b, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Max(ref double a, ref double b, ref double d, int n) => SpanSpan(Op.Max, ref a, ref b, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Min(ref double a, ref double b, ref double d, int n) => SpanSpan(Op.Min, ref a, ref b, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void AddScalar(ref double a, double s, ref double d, int n) => SpanScalar(Op.Add, ref a, s, false, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void MulScalar(ref double a, double s, ref double d, int n) => SpanScalar(Op.Mul, ref a, s, false, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void MaxScalar(ref double a, double s, ref double d, int n) => SpanScalar(Op.Max, ref a, s, false, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void MinScalar(ref double a, double s, ref double d, int n) => SpanScalar(Op.Min, ref a, s, false, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void SubScalar(ref double a, double s, ref double d, int n) => SpanScalar(Op.Sub, ref a, s, false, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void ScalarSub(ref double a, double s, ref double d, int n) => SpanScalar(Op.Sub, ref a, s, true, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void DivScalar(ref double a, double s, ref double d, int n) => SpanScalar(Op.Div, ref a, s, false, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void ScalarDiv(ref double a, double s, ref double d, int n) => SpanScalar(Op.Div, ref a, s, true, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Neg(ref double x, ref double d, int n) => Unary(Op.Neg, ref x, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Abs(ref double x, ref double d, int n) => Unary(Op.Abs, ref x, ref d, n);
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] private static void Sqrt(ref double x, ref double d, int n) => Unary(Op.Sqrt, ref x, ref d, n);

    // The loops, inlined into the methods above with a constant op: no branch on the op inside a loop.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SpanSpan(Op op, ref double a, ref double b, ref double d, int n)
    {
        int w = Vector<double>.Count, i = 0;
        for (; i <= n - w; i += w)
            Lanes(op, Vector.LoadUnsafe(ref a, (nuint)i), Vector.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref d, i) = ElementwiseKernels.Apply(op, Unsafe.Add(ref a, i), Unsafe.Add(ref b, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SpanScalar(Op op, ref double a, double s, bool scalarFirst, ref double d, int n)
    {
        int w = Vector<double>.Count, i = 0;
        var vs = new Vector<double>(s);
        for (; i <= n - w; i += w)
        {
            var va = Vector.LoadUnsafe(ref a, (nuint)i);
            (scalarFirst ? Lanes(op, vs, va) : Lanes(op, va, vs)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref d, i) = scalarFirst ? ElementwiseKernels.Apply(op, s, Unsafe.Add(ref a, i)) : ElementwiseKernels.Apply(op, Unsafe.Add(ref a, i), s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unary(Op op, ref double x, ref double d, int n)
    {
        int w = Vector<double>.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            var v = Vector.LoadUnsafe(ref x, (nuint)i);
            (op == Op.Neg ? -v : op == Op.Abs ? Vector.Abs(v) : Vector.SquareRoot(v)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref x, i);
            Unsafe.Add(ref d, i) = op == Op.Neg ? -v : op == Op.Abs ? Math.Abs(v) : Math.Sqrt(v);
        }
    }

    /// <summary>Vector.Max and Vector.Min are the IEEE 754-2019 maximum and minimum, as Math.Max and Math.Min.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Lanes(Op op, Vector<double> a, Vector<double> b) => op switch
    {
        Op.Add => a + b,
        Op.Sub => a - b,
        Op.Mul => a * b,
        Op.Div => a / b,
        Op.Max => Vector.Max(a, b),
        _ => Vector.Min(a, b),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double At(ReadOnlySpan<double> s) => ref MemoryMarshal.GetReference(s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double At(Span<double> s) => ref MemoryMarshal.GetReference(s);
}
