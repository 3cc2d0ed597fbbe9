using System.Numerics;
using System.Numerics.Tensors;
using Autograd.Fusion;

namespace Autograd.Kernels;

/// <summary>
/// The elementwise ops over spans, one switch for the eager path (small tensors, whole arrays) and the fused path (one
/// block of an expression). Every element is a function of its own inputs only, so the two agree bit for bit.
/// </summary>
internal static class ElementwiseKernels
{
    /// <summary>
    /// d = op(x) elementwise; <paramref name="parameter"/> is the exponent of <see cref="Op.Pow"/>. With
    /// <paramref name="block"/> (a block of a lazy expression), a short last block of Log or Pow is computed as if it sat
    /// in a longer span (<see cref="WholeVectors"/>), so a large tensor's elements never depend on where blocks end.
    /// </summary>
    public static void Unary(Op op, ReadOnlySpan<double> x, double parameter, Span<double> d, bool block = false)
    {
        if (block && op is Op.Log or Op.Pow && x.Length < Widest) { WholeVectors(op, x, parameter, d); return; }
        switch (op)
        {
            case Op.Neg or Op.Sqrt or Op.Abs or Op.Relu: ExactLoops.Unary(op, x, d); break;
            case Op.Exp: ExpKernels.Exp(x, d); break;
            case Op.Log: TensorPrimitives.Log(x, d); break;
            case Op.Sigmoid: ExpKernels.Sigmoid(x, d); break;
            case Op.Tanh: ExpKernels.Tanh(x, d); break;
            case Op.Pow: TensorPrimitives.Pow(x, parameter, d); break;
            case Op.Sign:
                for (int i = 0; i < d.Length; i++) d[i] = double.IsNaN(x[i]) ? double.NaN : Math.Sign(x[i]);
                break;
            // Scalar loops: each element a function of its own value, whatever the span's length or start (no
            // vector/scalar tail split whose rounding could differ, so no block padding).
            case Op.Log1p: for (int i = 0; i < d.Length; i++) d[i] = SpecialFunctions.Log1p(x[i]); break;
            case Op.Expm1: for (int i = 0; i < d.Length; i++) d[i] = SpecialFunctions.Expm1(x[i]); break;
            case Op.Sin: for (int i = 0; i < d.Length; i++) d[i] = Math.Sin(x[i]); break;
            case Op.Cos: for (int i = 0; i < d.Length; i++) d[i] = Math.Cos(x[i]); break;
            case Op.Lgamma: for (int i = 0; i < d.Length; i++) d[i] = SpecialFunctions.LogGamma(x[i]); break;
            case Op.Digamma: for (int i = 0; i < d.Length; i++) d[i] = SpecialFunctions.Digamma(x[i]); break;
            case Op.Trigamma: for (int i = 0; i < d.Length; i++) d[i] = SpecialFunctions.Trigamma(x[i]); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "not a unary op");
        }
    }

    /// <summary>Doubles in the widest vector (512 bits).</summary>
    private const int Widest = 8;

    /// <summary>
    /// Log and Pow from System.Numerics.Tensors compute a span shorter than one vector in scalar code, which may round
    /// differently from their vector code (a longer span ends on an overlapping vector): the short span goes through one
    /// padded vector instead.
    /// </summary>
    private static void WholeVectors(Op op, ReadOnlySpan<double> x, double parameter, Span<double> d)
    {
        Span<double> padded = stackalloc double[Widest], result = stackalloc double[Widest];
        padded.Fill(1.0);
        x.CopyTo(padded);
        Unary(op, padded, parameter, result);
        result[..x.Length].CopyTo(d);
    }

    /// <summary>
    /// d = a op b elementwise, where an operand with stride 0 is one value repeated (its span holds that value first) and
    /// one with stride 1 runs along d.
    /// </summary>
    public static void Binary(Op op, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> d)
    {
        int n = d.Length;
        if (n == 0) return;
        if (sa == 0 && sb == 0) { d.Fill(Apply(op, a[0], b[0])); return; }
        switch (op, sa, sb)
        {
            case (Op.Gt or Op.Ge or Op.Eq, _, _): Compare(op, a, sa, b, sb, d); break;
            case (_, 1, 1): ExactLoops.SpanSpan(op, a[..n], b[..n], d); break;
            case (_, 1, 0): ExactLoops.SpanScalar(op, a[..n], b[0], scalarFirst: false, d); break;
            case (_, 0, 1): ExactLoops.SpanScalar(op, b[..n], a[0], scalarFirst: true, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(sa), $"strides {sa} and {sb}: each must be 0 or 1.");
        }
    }

    /// <summary>a op b for one pair of values.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double Apply(Op op, double a, double b) => op switch
    {
        Op.Add => a + b,
        Op.Sub => a - b,
        Op.Mul => a * b,
        Op.Div => a / b,
        Op.Max => Math.Max(a, b),
        Op.Min => Math.Min(a, b),
        Op.Gt => a > b ? 1.0 : 0.0,
        Op.Ge => a >= b ? 1.0 : 0.0,
        Op.Eq => a == b ? 1.0 : 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a binary op"),
    };

    /// <summary>
    /// Comparisons: 1.0 where the relation holds, 0.0 elsewhere (NaN compares false, as IEEE says). Vectorized: a
    /// data-dependent branch per element would mispredict on every sign change (ReLU's mask).
    /// </summary>
    // A loop that otherwise runs as tier-0 code until on-stack replacement (issue 17).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Compare(Op op, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> d)
    {
        int n = d.Length, w = Vector<double>.Count, i = 0;
        Vector<double> a0 = new(a[0]), b0 = new(b[0]);
        for (; i <= n - w; i += w)
        {
            var va = sa == 0 ? a0 : new Vector<double>(a[i..]);
            var vb = sb == 0 ? b0 : new Vector<double>(b[i..]);
            var holds = op switch
            {
                Op.Gt => Vector.GreaterThan(va, vb),
                Op.Ge => Vector.GreaterThanOrEqual(va, vb),
                Op.Eq => Vector.Equals(va, vb),
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a binary op"),
            };
            (holds.As<long, double>() & Vector<double>.One).CopyTo(d[i..]);
        }
        for (; i < n; i++) d[i] = Apply(op, a[i * sa], b[i * sb]);
    }

    /// <summary>
    /// d = mask ≠ 0 ? a : b elementwise, each operand with stride 0 (one value) or 1 (runs along d); branch-free vector
    /// selects, since a data-dependent branch would mispredict on every sign change of a ReLU mask. NaN ≠ 0 picks a.
    /// </summary>
    // A loop that otherwise runs as tier-0 code until on-stack replacement (issue 17).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Where(ReadOnlySpan<double> mask, int sm, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> d)
    {
        int n = d.Length, w = Vector<double>.Count, i = 0;
        Vector<double> m0 = new(mask[0]), a0 = new(a[0]), b0 = new(b[0]);
        for (; i <= n - w; i += w)
        {
            var m = sm == 0 ? m0 : new Vector<double>(mask[i..]);
            var va = sa == 0 ? a0 : new Vector<double>(a[i..]);
            var vb = sb == 0 ? b0 : new Vector<double>(b[i..]);
            Vector.ConditionalSelect(Vector.Equals(m, Vector<double>.Zero), vb, va).CopyTo(d[i..]);
        }
        for (; i < n; i++) d[i] = mask[i * sm] != 0 ? a[i * sa] : b[i * sb];
    }
}
