using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Autograd.Kernels;

/// <summary>
/// eˣ, the logistic sigmoid and tanh over spans, SIMD, each output a function of its own input only.
/// </summary>
/// <remarks>
/// Why our own: System.Numerics.Tensors computes the lanes that share a vector with an out-of-range input (NaN, ±∞,
/// |x| beyond its fast range) by a second method, and which lanes share a vector depends on the array's address. The
/// same inputs could then give results that differ in the last bit from run to run. Here every lane, and the tail
/// (padded to a whole vector), runs the same instructions, so the result never depends on position or alignment.
/// <para>
/// Method: x = k·ln 2 + r with k = round(x·log₂e) and |r| ≤ ½ln 2 (ln 2 split in two parts, so r is exact to ~2⁻⁶⁰);
/// eʳ − 1 = r + r²/2! + … + r¹³/13! (the first omitted term is below 10⁻¹⁷ relative); eˣ = 2ᵏ·(1 + (eʳ − 1)) with one
/// rounding, the power of two applied as two halves so that results in the subnormal range round once and overflow
/// gives +∞. Measured error against correctly rounded results is under one unit in the last place.
/// </para>
/// </remarks>
internal static class ExpKernels
{
    private const double Log2E = 1.4426950408889634;
    private const double Shifter = 6755399441055744.0;           // 1.5·2⁵²
    private const double Ln2Hi = 0.693147180369123816490;       // ln 2's leading 32 bits: k·Ln2Hi is exact for |k| < 2²¹
    private const double Ln2Lo = 1.90821492927058770002e-10;    // ln 2 − Ln2Hi
    private const double LowestInput = -746, HighestInput = 710; // beyond these eˣ rounds to 0 or overflows to +∞
    private const double TanhSaturates = 20;                     // tanh(x) rounds to ±1 for |x| ≥ 20

    /// <summary>d[i] = e^x[i].</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> d) => Apply<ExpOp>(x, d);

    /// <summary>d[i] = 1 / (1 + e^−x[i]).</summary>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> d) => Apply<SigmoidOp>(x, d);

    /// <summary>d[i] = tanh x[i] = sign(x)·u/(u + 2) with u = e^{2|x|} − 1, which keeps full relative precision near 0.</summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> d) => Apply<TanhOp>(x, d);

    /// <summary>
    /// Σᵢ e^(x[i] − shift) without storing the terms: blocks of <see cref="Block"/> terms are exponentiated in a small
    /// scratch buffer and summed; large inputs are split into fixed chunks whose partial sums are added in chunk order,
    /// so the result is the same for any number of threads.
    /// </summary>
    public static double SumExp(double[] x, double shift)
    {
        int chunks = Chunked.Count(x.Length);
        if (chunks <= 1) return SumExp(x.AsSpan(), shift);
        var partials = new double[chunks];
        if (Chunked.Worth(x.Length))
            Chunked.For(x.Length, (start, count) => partials[start / Chunked.Grain] = SumExp(x.AsSpan(start, count), shift));
        else
            for (int c = 0; c < chunks; c++)
                partials[c] = SumExp(x.AsSpan(c * Chunked.Grain, Math.Min(Chunked.Grain, x.Length - c * Chunked.Grain)), shift);
        double total = 0;
        foreach (double p in partials) total += p;
        return total;
    }

    /// <summary>
    /// d[i] = scale·e^(x[i] − shift), the ops x − shift, exp, times scale with the same three roundings each, but in
    /// blocks that stay in cache: one trip through memory instead of three. Large inputs are split across cores.
    /// </summary>
    public static void ScaledExp(double[] x, double shift, double scale, double[] d)
    {
        if (Chunked.Worth(x.Length))
            Chunked.For(x.Length, (start, count) => ScaledExp(x.AsSpan(start, count), shift, scale, d.AsSpan(start, count)));
        else
            ScaledExp(x.AsSpan(), shift, scale, d.AsSpan(0, x.Length));
    }

    private static void ScaledExp(ReadOnlySpan<double> x, double shift, double scale, Span<double> d)
    {
        for (int i = 0; i < x.Length; i += Block)
        {
            var block = d.Slice(i, Math.Min(Block, x.Length - i));
            TensorPrimitives.Subtract(x.Slice(i, block.Length), shift, block);
            Exp(block, block);
            TensorPrimitives.Multiply(block, scale, block);
        }
    }

    private const int Block = 512;

    private static double SumExp(ReadOnlySpan<double> x, double shift)
    {
        Span<double> terms = stackalloc double[Block];
        double total = 0;
        for (int i = 0; i < x.Length; i += Block)
        {
            var block = terms[..Math.Min(Block, x.Length - i)];
            TensorPrimitives.Subtract(x.Slice(i, block.Length), shift, block);
            Exp(block, block);
            total += TensorPrimitives.Sum<double>(block);
        }
        return total;
    }

    private interface IVectorOp
    {
        static abstract Vector<double> Invoke(Vector<double> x);
    }

    private struct ExpOp : IVectorOp
    {
        public static Vector<double> Invoke(Vector<double> x) => Exp(x);
    }

    private struct SigmoidOp : IVectorOp
    {
        public static Vector<double> Invoke(Vector<double> x) => Vector<double>.One / (Vector<double>.One + Exp(-x));
    }

    private struct TanhOp : IVectorOp
    {
        public static Vector<double> Invoke(Vector<double> x)
        {
            var a = Vector.MinNative(Vector.Abs(x), new Vector<double>(TanhSaturates));
            var u = ExpM1(a + a);
            var t = u / (u + new Vector<double>(2.0));
            var signed = (t.As<double, long>() | (x.As<double, long>() & new Vector<long>(long.MinValue))).As<long, double>();
            return Vector.ConditionalSelect(Vector.Equals(x, x), signed, x);   // NaN stays NaN
        }
    }

    private static void Apply<TOp>(ReadOnlySpan<double> x, Span<double> d) where TOp : IVectorOp
    {
        if (d.Length < x.Length) throw new ArgumentException("ExpKernels: destination shorter than source.", nameof(d));
        int n = x.Length, w = Vector<double>.Count, i = 0;
        ref double x0 = ref MemoryMarshal.GetReference(x), d0 = ref MemoryMarshal.GetReference(d);
        for (; i <= n - w; i += w)
            TOp.Invoke(Vector.LoadUnsafe(ref x0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
        // The tail goes through the same vector code, one element in every lane, so it rounds exactly like the others.
        for (; i < n; i++) d[i] = TOp.Invoke(new Vector<double>(x[i]))[0];
    }

    /// <summary>eˣ lane by lane (see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Exp(Vector<double> x)
    {
        var (em1, k) = Reduce(Vector.MinNative(Vector.MaxNative(x, new Vector<double>(LowestInput)), new Vector<double>(HighestInput)));
        // 2ᵏ as 2^⌊k/2⌋ · 2^(k−⌊k/2⌋): both factors are normal numbers for every k reached here.
        var k1 = Vector.ShiftRightLogical(k + new Vector<long>(2048), 1) - new Vector<long>(1024);
        var s1 = PowerOfTwo(k1);
        var s2 = PowerOfTwo(k - k1);
        var y = Vector.FusedMultiplyAdd(s1, em1, s1) * s2;
        return Vector.ConditionalSelect(Vector.Equals(x, x), y, x);          // NaN stays NaN
    }

    /// <summary>eˣ − 1 for 0 ≤ x ≤ 40: exact to the last bits near 0, where eˣ − 1 computed as a difference would not be.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ExpM1(Vector<double> x)
    {
        var (em1, k) = Reduce(x);
        var s = PowerOfTwo(k);
        return Vector.FusedMultiplyAdd(s, em1, s - Vector<double>.One);     // 2ᵏ(1 + (eʳ−1)) − 1, with 2ᵏ − 1 exact
    }

    /// <summary>For x = k·ln 2 + r: returns (eʳ − 1, k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<double> Em1, Vector<long> K) Reduce(Vector<double> x)
    {
        // Adding 1.5·2⁵² rounds x·log₂e to an integer (ties to even) and leaves that integer in the low bits.
        var shifted = x * new Vector<double>(Log2E) + new Vector<double>(Shifter);
        var kd = shifted - new Vector<double>(Shifter);
        var r = Vector.FusedMultiplyAdd(-kd, new Vector<double>(Ln2Hi), x);
        r = Vector.FusedMultiplyAdd(-kd, new Vector<double>(Ln2Lo), r);
        // Horner on 1/13!, …, 1/2!, 1, then times r: eʳ − 1 = r(1 + r(1/2 + r(1/6 + …))).
        var p = new Vector<double>(1.0 / 6227020800);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 479001600));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 39916800));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 3628800));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 362880));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 40320));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 5040));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 720));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 120));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 24));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(1.0 / 6));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<double>(0.5));
        p = Vector.FusedMultiplyAdd(p, r, Vector<double>.One);
        return (p * r, shifted.As<double, long>() - new Vector<long>(BitConverter.DoubleToInt64Bits(Shifter)));
    }

    /// <summary>2ᵏ for −1022 ≤ k ≤ 1023, built from its exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> PowerOfTwo(Vector<long> k) => Vector.ShiftLeft(k + new Vector<long>(1023), 52).As<long, double>();
}
