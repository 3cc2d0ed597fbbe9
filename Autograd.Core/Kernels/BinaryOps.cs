using System.Numerics;
using System.Numerics.Tensors;

namespace Autograd.Kernels;

/// <summary>An elementwise binary operator in three row forms: vector∘vector, vector∘scalar and scalar∘vector.</summary>
internal interface IBinaryOp
{
    static abstract double Apply(double a, double b);
    static abstract void VV(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d);
    static abstract void VS(ReadOnlySpan<double> a, double b, Span<double> d);
    static abstract void SV(double a, ReadOnlySpan<double> b, Span<double> d);
}

internal struct AddOp : IBinaryOp
{
    public static double Apply(double a, double b) => a + b;
    public static void VV(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Add(a, b, d);
    public static void VS(ReadOnlySpan<double> a, double b, Span<double> d) => TensorPrimitives.Add(a, b, d);
    public static void SV(double a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Add(b, a, d);
}

internal struct SubOp : IBinaryOp
{
    public static double Apply(double a, double b) => a - b;
    public static void VV(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Subtract(a, b, d);
    public static void VS(ReadOnlySpan<double> a, double b, Span<double> d) => TensorPrimitives.Subtract(a, b, d);
    public static void SV(double a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Subtract(a, b, d);
}

internal struct MulOp : IBinaryOp
{
    public static double Apply(double a, double b) => a * b;
    public static void VV(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Multiply(a, b, d);
    public static void VS(ReadOnlySpan<double> a, double b, Span<double> d) => TensorPrimitives.Multiply(a, b, d);
    public static void SV(double a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Multiply(b, a, d);
}

internal struct DivOp : IBinaryOp
{
    public static double Apply(double a, double b) => a / b;
    public static void VV(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Divide(a, b, d);
    public static void VS(ReadOnlySpan<double> a, double b, Span<double> d) => TensorPrimitives.Divide(a, b, d);
    public static void SV(double a, ReadOnlySpan<double> b, Span<double> d) => TensorPrimitives.Divide(a, b, d);
}

/// <summary>A relation between two doubles, used by <see cref="CompareOp{TRelation}"/>, lane by lane or one pair at a time.</summary>
internal interface IRelation
{
    static abstract bool Holds(double a, double b);
    /// <summary>All-ones lanes where the relation holds.</summary>
    static abstract Vector<double> Holds(Vector<double> a, Vector<double> b);
}

internal struct Greater : IRelation
{
    public static bool Holds(double a, double b) => a > b;
    public static Vector<double> Holds(Vector<double> a, Vector<double> b) => Vector.GreaterThan(a, b).As<long, double>();
}

internal struct GreaterOrEqual : IRelation
{
    public static bool Holds(double a, double b) => a >= b;
    public static Vector<double> Holds(Vector<double> a, Vector<double> b) => Vector.GreaterThanOrEqual(a, b).As<long, double>();
}

internal struct Equal : IRelation
{
    public static bool Holds(double a, double b) => a == b;
    public static Vector<double> Holds(Vector<double> a, Vector<double> b) => Vector.Equals(a, b).As<long, double>();
}

/// <summary>
/// Comparison: 1.0 where the relation holds, 0.0 elsewhere (NaN compares false, as IEEE says). Vectorized: a data-dependent
/// branch per element would mispredict on every sign change (ReLU's mask).
/// </summary>
internal struct CompareOp<TRelation> : IBinaryOp where TRelation : IRelation
{
    public static double Apply(double a, double b) => TRelation.Holds(a, b) ? 1.0 : 0.0;
    public static void VV(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d) => Run(a, 1, b, 1, d);
    public static void VS(ReadOnlySpan<double> a, double b, Span<double> d) => Run(a, 1, new ReadOnlySpan<double>(in b), 0, d);
    public static void SV(double a, ReadOnlySpan<double> b, Span<double> d) => Run(new ReadOnlySpan<double>(in a), 0, b, 1, d);

    /// <summary>d[i] = a[i·sa] R b[i·sb] for strides 0 (a scalar) or 1.</summary>
    private static void Run(ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> d)
    {
        int n = d.Length, w = Vector<double>.Count, i = 0;
        var one = Vector<double>.One;
        for (; i <= n - w; i += w)
        {
            var va = sa == 0 ? new Vector<double>(a[0]) : new Vector<double>(a[i..]);
            var vb = sb == 0 ? new Vector<double>(b[0]) : new Vector<double>(b[i..]);
            (TRelation.Holds(va, vb) & one).CopyTo(d[i..]);
        }
        for (; i < n; i++) d[i] = Apply(a[i * sa], b[i * sb]);
    }
}
