using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Autograd.Kernels;

/// <summary>
/// eˣ, the logistic sigmoid and tanh over spans, SIMD, each output a function of its own input only.
/// </summary>
/// <remarks>
/// Why our own: System.Numerics.Tensors computes the lanes that share a vector with an out-of-range input (NaN, ±∞,
/// |x| beyond its fast range) by a second method, and which lanes share a vector depends on the array's address. The
/// same inputs could then give results that differ in the last bit from run to run. Here every lane runs the same
/// steps, and the tail the same steps in scalar registers (<see cref="LanesScalar"/>), so the result never depends on
/// position or alignment.
/// <para>
/// Method: x = k·ln 2 + r with k = round(x·log₂e) and |r| ≤ ½ln 2 (ln 2 split in two parts, so r is exact to ~2⁻⁶⁰);
/// eʳ − 1 = r + r²/2! + … + r¹³/13! (the first omitted term is below 10⁻¹⁷ relative); eˣ = 2ᵏ·(1 + (eʳ − 1)) with one
/// rounding for normal results, the power of two applied as two halves so that overflow gives +∞ and subnormal results
/// come out right (rounded twice there). Measured error against Math.Exp is at most one unit in the last place.
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

    /// <summary>An elementwise function, written once for every lane width.</summary>
    private interface IFunction
    {
        static abstract TD Invoke<L, TD, TL>(TD x) where L : ILanes<TD, TL> where TD : struct where TL : struct;
    }

    private struct ExpOp : IFunction
    {
        public static TD Invoke<L, TD, TL>(TD x) where L : ILanes<TD, TL> where TD : struct where TL : struct => Lanes<L, TD, TL>.Exp(x);
    }

    private struct SigmoidOp : IFunction
    {
        public static TD Invoke<L, TD, TL>(TD x) where L : ILanes<TD, TL> where TD : struct where TL : struct
        {
            var one = L.Splat(1.0);
            return L.Divide(one, L.Add(one, Lanes<L, TD, TL>.Exp(L.Subtract(L.Splat(0.0), x))));
        }
    }

    private struct TanhOp : IFunction
    {
        public static TD Invoke<L, TD, TL>(TD x) where L : ILanes<TD, TL> where TD : struct where TL : struct
        {
            var a = L.Min(L.Abs(x), L.Splat(TanhSaturates));
            var u = Lanes<L, TD, TL>.ExpM1(L.Add(a, a));
            var t = L.Divide(u, L.Add(u, L.Splat(2.0)));
            var signed = L.FromBits(L.Or(L.Bits(t), L.And(L.Bits(x), L.Splat(long.MinValue))));
            return L.KeepNaN(x, signed);
        }
    }

    /// <summary>One of "exp", "sigmoid", "tanh" at the platform's <see cref="Vector{T}"/> width even where 512-bit lanes exist: tests compare the widths.</summary>
    internal static void AtNativeWidth(string function, ReadOnlySpan<double> x, Span<double> d)
    {
        switch (function)
        {
            case "exp": Lanes<LanesNative, Vector<double>, Vector<long>>.Apply<ExpOp>(x, d); break;
            case "sigmoid": Lanes<LanesNative, Vector<double>, Vector<long>>.Apply<SigmoidOp>(x, d); break;
            case "tanh": Lanes<LanesNative, Vector<double>, Vector<long>>.Apply<TanhOp>(x, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(function), function, "exp, sigmoid or tanh");
        }
    }

    /// <summary>The widest lanes the hardware runs natively: 512 bits with AVX-512, else the platform's vector size.</summary>
    private static void Apply<TOp>(ReadOnlySpan<double> x, Span<double> d) where TOp : IFunction
    {
        if (d.Length < x.Length) throw new ArgumentException("ExpKernels: destination shorter than source.", nameof(d));
        if (Vector512.IsHardwareAccelerated) Lanes<Lanes512, Vector512<double>, Vector512<long>>.Apply<TOp>(x, d);
        else Lanes<LanesNative, Vector<double>, Vector<long>>.Apply<TOp>(x, d);
    }

    /// <summary>The kernels' arithmetic at one lane width <typeparamref name="L"/>.</summary>
    private static class Lanes<L, TD, TL> where L : ILanes<TD, TL> where TD : struct where TL : struct
    {
        // Compiled optimised at its first call: at tier 0 none of the lane helpers inline, and a 1,000-element loss ran
        // its exp about 10× slower for the first hundreds of calls, until tiering caught up (issue 17).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Apply<TOp>(ReadOnlySpan<double> x, Span<double> d) where TOp : IFunction
        {
            int n = x.Length, w = L.Count, i = 0;
            ref double x0 = ref MemoryMarshal.GetReference(x), d0 = ref MemoryMarshal.GetReference(d);
            for (; i <= n - w; i += w)
                L.Store(TOp.Invoke<L, TD, TL>(L.Load(ref x0, (nuint)i)), ref d0, (nuint)i);
            // The tail: the same steps on one lane in plain registers, IEEE operation for operation, so it rounds like the others.
            for (; i < n; i++) d[i] = TOp.Invoke<LanesScalar, double, long>(x[i]);
        }

        /// <summary>eˣ lane by lane (see the class remarks).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD Exp(TD x)
        {
            var (em1, k) = Reduce(L.Min(L.Max(x, L.Splat(LowestInput)), L.Splat(HighestInput)));
            // 2ᵏ as 2^⌊k/2⌋ · 2^(k−⌊k/2⌋): both factors are normal numbers for every k reached here.
            var k1 = L.Subtract(L.ShiftRightLogical(L.Add(k, L.Splat(2048L)), 1), L.Splat(1024L));
            var s1 = PowerOfTwo(k1);
            var s2 = PowerOfTwo(L.Subtract(k, k1));
            return L.KeepNaN(x, L.Multiply(L.MultiplyAdd(s1, em1, s1), s2));
        }

        /// <summary>eˣ − 1 for 0 ≤ x ≤ 40: exact to the last bits near 0, where eˣ − 1 computed as a difference would not be.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TD ExpM1(TD x)
        {
            var (em1, k) = Reduce(x);
            var s = PowerOfTwo(k);
            return L.MultiplyAdd(s, em1, L.Subtract(s, L.Splat(1.0)));   // 2ᵏ(1 + (eʳ−1)) − 1, with 2ᵏ − 1 exact
        }

        /// <summary>For x = k·ln 2 + r: returns (eʳ − 1, k).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (TD Em1, TL K) Reduce(TD x)
        {
            // Adding 1.5·2⁵² rounds x·log₂e to an integer (ties to even) and leaves that integer in the low bits.
            var shifted = L.Add(L.Multiply(x, L.Splat(Log2E)), L.Splat(Shifter));
            var kd = L.Subtract(shifted, L.Splat(Shifter));
            var minusK = L.Subtract(L.Splat(0.0), kd);
            var r = L.MultiplyAdd(minusK, L.Splat(Ln2Lo), L.MultiplyAdd(minusK, L.Splat(Ln2Hi), x));
            // Horner on 1/13!, …, 1/2!, 1, then times r: eʳ − 1 = r(1 + r(1/2 + r(1/6 + …))).
            var p = L.Splat(1.0 / 6227020800);
            foreach (double c in Coefficients) p = L.MultiplyAdd(p, r, L.Splat(c));
            return (L.Multiply(p, r), L.Subtract(L.Bits(shifted), L.Splat(BitConverter.DoubleToInt64Bits(Shifter))));
        }

        /// <summary>2ᵏ for −1022 ≤ k ≤ 1023, built from its exponent bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TD PowerOfTwo(TL k) => L.FromBits(L.ShiftLeft(L.Add(k, L.Splat(1023L)), 52));
    }

    /// <summary>1/12!, 1/11!, …, 1/2!, 1: the Horner steps after the leading 1/13!.</summary>
    private static ReadOnlySpan<double> Coefficients =>
    [
        1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120,
        1.0 / 24, 1.0 / 6, 0.5, 1.0,
    ];
}
