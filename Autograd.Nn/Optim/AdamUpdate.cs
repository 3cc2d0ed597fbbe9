using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Autograd.Optim;

/// <summary>
/// Adam's per-element update as one loop over the parameter, its gradient and its two moments. Each element goes
/// through the same correctly rounded operations, in the same order, as the eleven whole-array passes it replaces
/// (a separate multiply and add everywhere, never a fused multiply-add), so the bits are the same at any vector width;
/// one loop is far less code for the JIT to compile in the first steps of a run (issue 17) and reads each array once.
/// </summary>
internal static class AdamUpdate
{
    /// <summary>
    /// The step's constants: L2 decay λ (0 for none), 1 − β₁, β₂, 1 − β₂, √(1 − β₂ᵗ), ε and −lr/(1 − β₁ᵗ).
    /// </summary>
    public readonly record struct Coefficients(double L2, double OneMinusBeta1, double Beta2, double OneMinusBeta2,
        double BiasCorrection2Sqrt, double Eps, double NegativeStepSize);

    /// <summary>
    /// For every element: g' = λ·p + g (when λ ≠ 0); m ← (g' − m)·(1 − β₁) + m; v ← (g'·(1 − β₂))·g' + β₂·v;
    /// p ← (m / (√v / √(1 − β₂ᵗ) + ε))·(−lr/(1 − β₁ᵗ)) + p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(in Coefficients c, ReadOnlySpan<double> grad, Span<double> param, Span<double> m, Span<double> v)
    {
        int n = param.Length;
        if (grad.Length < n || m.Length < n || v.Length < n)
            throw new ArgumentException($"Adam update of {n} elements got a gradient of {grad.Length} and moments of {m.Length} and {v.Length}.");
        ref double g0 = ref MemoryMarshal.GetReference(grad);
        ref double p0 = ref MemoryMarshal.GetReference(param);
        ref double m0 = ref MemoryMarshal.GetReference(m);
        ref double v0 = ref MemoryMarshal.GetReference(v);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            for (; i <= n - width; i += width)
            {
                var g = Vector.LoadUnsafe(ref g0, (nuint)i);
                var p = Vector.LoadUnsafe(ref p0, (nuint)i);
                if (c.L2 != 0) g = p * c.L2 + g;
                var mi = Vector.LoadUnsafe(ref m0, (nuint)i);
                mi = (g - mi) * c.OneMinusBeta1 + mi;
                var vi = (g * c.OneMinusBeta2) * g + Vector.LoadUnsafe(ref v0, (nuint)i) * c.Beta2;
                var denominator = Vector.SquareRoot(vi) / c.BiasCorrection2Sqrt + new Vector<double>(c.Eps);
                (mi / denominator * c.NegativeStepSize + p).StoreUnsafe(ref p0, (nuint)i);
                mi.StoreUnsafe(ref m0, (nuint)i);
                vi.StoreUnsafe(ref v0, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double g = Unsafe.Add(ref g0, i), p = Unsafe.Add(ref p0, i);
            if (c.L2 != 0) g = p * c.L2 + g;
            ref double mi = ref Unsafe.Add(ref m0, i);
            ref double vi = ref Unsafe.Add(ref v0, i);
            mi = (g - mi) * c.OneMinusBeta1 + mi;
            vi = (g * c.OneMinusBeta2) * g + vi * c.Beta2;
            Unsafe.Add(ref p0, i) = mi / (Math.Sqrt(vi) / c.BiasCorrection2Sqrt + c.Eps) * c.NegativeStepSize + p;
        }
    }
}
