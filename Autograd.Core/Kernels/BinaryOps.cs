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

/// <summary>A relation between two doubles, used by <see cref="CompareOp{TRelation}"/>.</summary>
internal interface IRelation { static abstract bool Holds(double a, double b); }

internal struct Greater : IRelation { public static bool Holds(double a, double b) => a > b; }
internal struct GreaterOrEqual : IRelation { public static bool Holds(double a, double b) => a >= b; }
internal struct Equal : IRelation { public static bool Holds(double a, double b) => a == b; }

/// <summary>Comparison: 1.0 where the relation holds, 0.0 elsewhere (NaN compares false, as IEEE says).</summary>
internal struct CompareOp<TRelation> : IBinaryOp where TRelation : IRelation
{
    public static double Apply(double a, double b) => TRelation.Holds(a, b) ? 1.0 : 0.0;
    public static void VV(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(a[i], b[i]); }
    public static void VS(ReadOnlySpan<double> a, double b, Span<double> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(a[i], b); }
    public static void SV(double a, ReadOnlySpan<double> b, Span<double> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(a, b[i]); }
}
