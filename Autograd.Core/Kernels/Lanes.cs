using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Autograd.Kernels;

/// <summary>
/// The lane operations a kernel written once needs, for one SIMD width: <typeparamref name="TD"/> holds doubles and
/// <typeparamref name="TL"/> the same bits as 64-bit integers. Every operation is IEEE lane by lane, so a kernel gives the
/// same bits at any width. The JIT specialises a generic kernel per implementing struct, so the calls cost nothing.
/// </summary>
internal interface ILanes<TD, TL> where TD : struct where TL : struct
{
    static abstract int Count { get; }
    static abstract TD Splat(double value);
    static abstract TL Splat(long value);
    static abstract TD Load(ref double source, nuint index);
    static abstract void Store(TD value, ref double destination, nuint index);
    static abstract TD Add(TD a, TD b);
    static abstract TD Subtract(TD a, TD b);
    static abstract TD Multiply(TD a, TD b);
    static abstract TD Divide(TD a, TD b);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TD MultiplyAdd(TD a, TD b, TD c);
    /// <summary>The smaller of two non-NaN lanes (a NaN lane gives either operand: callers restore NaN themselves).</summary>
    static abstract TD Min(TD a, TD b);
    /// <summary>The larger of two non-NaN lanes (as <see cref="Min"/> for NaN).</summary>
    static abstract TD Max(TD a, TD b);
    static abstract TD Abs(TD a);
    /// <summary>y where x is a number, x itself where x is NaN.</summary>
    static abstract TD KeepNaN(TD x, TD y);
    static abstract TL Bits(TD a);
    static abstract TD FromBits(TL a);
    static abstract TL Add(TL a, TL b);
    static abstract TL Subtract(TL a, TL b);
    static abstract TL Or(TL a, TL b);
    static abstract TL And(TL a, TL b);
    static abstract TL ShiftLeft(TL a, int count);
    static abstract TL ShiftRightLogical(TL a, int count);
}

/// <summary>512-bit lanes (AVX-512): used when the hardware has them.</summary>
internal struct Lanes512 : ILanes<Vector512<double>, Vector512<long>>
{
    public static int Count => Vector512<double>.Count;
    public static Vector512<double> Splat(double value) => Vector512.Create(value);
    public static Vector512<long> Splat(long value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref double source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double destination, nuint index) => value.StoreUnsafe(ref destination, index);
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    public static Vector512<double> Min(Vector512<double> a, Vector512<double> b) => Vector512.MinNative(a, b);
    public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.MaxNative(a, b);
    public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);
    public static Vector512<double> KeepNaN(Vector512<double> x, Vector512<double> y) => Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    public static Vector512<long> Bits(Vector512<double> a) => a.AsInt64();
    public static Vector512<double> FromBits(Vector512<long> a) => a.AsDouble();
    public static Vector512<long> Add(Vector512<long> a, Vector512<long> b) => a + b;
    public static Vector512<long> Subtract(Vector512<long> a, Vector512<long> b) => a - b;
    public static Vector512<long> Or(Vector512<long> a, Vector512<long> b) => a | b;
    public static Vector512<long> And(Vector512<long> a, Vector512<long> b) => a & b;
    public static Vector512<long> ShiftLeft(Vector512<long> a, int count) => Vector512.ShiftLeft(a, count);
    public static Vector512<long> ShiftRightLogical(Vector512<long> a, int count) => Vector512.ShiftRightLogical(a, count);
}

/// <summary>The platform's preferred width (<see cref="Vector{T}"/>: 256 bits with AVX2, 128 with NEON).</summary>
internal struct LanesNative : ILanes<Vector<double>, Vector<long>>
{
    public static int Count => Vector<double>.Count;
    public static Vector<double> Splat(double value) => new(value);
    public static Vector<long> Splat(long value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<double> Load(ref double source, nuint index) => Vector.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector<double> value, ref double destination, nuint index) => value.StoreUnsafe(ref destination, index);
    public static Vector<double> Add(Vector<double> a, Vector<double> b) => a + b;
    public static Vector<double> Subtract(Vector<double> a, Vector<double> b) => a - b;
    public static Vector<double> Multiply(Vector<double> a, Vector<double> b) => a * b;
    public static Vector<double> Divide(Vector<double> a, Vector<double> b) => a / b;
    public static Vector<double> MultiplyAdd(Vector<double> a, Vector<double> b, Vector<double> c) => Vector.FusedMultiplyAdd(a, b, c);
    public static Vector<double> Min(Vector<double> a, Vector<double> b) => Vector.MinNative(a, b);
    public static Vector<double> Max(Vector<double> a, Vector<double> b) => Vector.MaxNative(a, b);
    public static Vector<double> Abs(Vector<double> a) => Vector.Abs(a);
    public static Vector<double> KeepNaN(Vector<double> x, Vector<double> y) => Vector.ConditionalSelect(Vector.Equals(x, x), y, x);
    public static Vector<long> Bits(Vector<double> a) => a.As<double, long>();
    public static Vector<double> FromBits(Vector<long> a) => a.As<long, double>();
    public static Vector<long> Add(Vector<long> a, Vector<long> b) => a + b;
    public static Vector<long> Subtract(Vector<long> a, Vector<long> b) => a - b;
    public static Vector<long> Or(Vector<long> a, Vector<long> b) => a | b;
    public static Vector<long> And(Vector<long> a, Vector<long> b) => a & b;
    public static Vector<long> ShiftLeft(Vector<long> a, int count) => Vector.ShiftLeft(a, count);
    public static Vector<long> ShiftRightLogical(Vector<long> a, int count) => Vector.ShiftRightLogical(a, count);
}

/// <summary>One lane in plain registers: the scalar twin of the vector widths, for tails and one-element tensors.</summary>
internal struct LanesScalar : ILanes<double, long>
{
    public static int Count => 1;
    public static double Splat(double value) => value;
    public static long Splat(long value) => value;
    public static double Load(ref double source, nuint index) => Unsafe.Add(ref source, index);
    public static void Store(double value, ref double destination, nuint index) => Unsafe.Add(ref destination, index) = value;
    public static double Add(double a, double b) => a + b;
    public static double Subtract(double a, double b) => a - b;
    public static double Multiply(double a, double b) => a * b;
    public static double Divide(double a, double b) => a / b;
    public static double MultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
    public static double Min(double a, double b) => a < b ? a : b;
    public static double Max(double a, double b) => a > b ? a : b;
    public static double Abs(double a) => Math.Abs(a);
    public static double KeepNaN(double x, double y) => double.IsNaN(x) ? x : y;
    public static long Bits(double a) => BitConverter.DoubleToInt64Bits(a);
    public static double FromBits(long a) => BitConverter.Int64BitsToDouble(a);
    public static long Add(long a, long b) => a + b;
    public static long Subtract(long a, long b) => a - b;
    public static long Or(long a, long b) => a | b;
    public static long And(long a, long b) => a & b;
    public static long ShiftLeft(long a, int count) => a << count;
    public static long ShiftRightLogical(long a, int count) => (long)((ulong)a >> count);
}
