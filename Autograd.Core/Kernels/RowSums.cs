using System.Numerics;
using System.Runtime.InteropServices;

namespace Autograd.Kernels;

/// <summary>
/// Weighted sums of the rows of a row-major matrix into one row: the bias gradient (a column sum) and the matrix-vector
/// products of small layers. The running sums stay in registers for all rows instead of going through memory once per row.
/// </summary>
internal static class RowSums
{
    /// <summary>
    /// d[j] = d[j] + Σᵣ wᵣ·src[r·n + j] over r = 0 .. rows−1 in ascending order, with wᵣ = 1 when <paramref name="weights"/>
    /// is empty; each term is a product then an add (no fused multiply-add), the same in the vector and scalar lanes.
    /// </summary>
    public static void Accumulate(ReadOnlySpan<double> src, int rows, int n, ReadOnlySpan<double> weights, Span<double> d)
    {
        if ((long)rows * n > src.Length || n > d.Length || !weights.IsEmpty && weights.Length < rows)
            throw new ArgumentException("RowSums.Accumulate: operand lengths do not match rows × n.");
        int w = Vector<double>.Count, j = 0;
        ref double s0 = ref MemoryMarshal.GetReference(src), d0 = ref MemoryMarshal.GetReference(d);
        for (; j <= n - 4 * w; j += 4 * w)  // four independent chains hide the add latency
        {
            var a0 = Vector.LoadUnsafe(ref d0, (nuint)j);
            var a1 = Vector.LoadUnsafe(ref d0, (nuint)(j + w));
            var a2 = Vector.LoadUnsafe(ref d0, (nuint)(j + 2 * w));
            var a3 = Vector.LoadUnsafe(ref d0, (nuint)(j + 3 * w));
            for (int r = 0; r < rows; r++)
            {
                var x = new Vector<double>(Weight(weights, r));
                nuint o = (nuint)((long)r * n + j);
                a0 += x * Vector.LoadUnsafe(ref s0, o);
                a1 += x * Vector.LoadUnsafe(ref s0, o + (nuint)w);
                a2 += x * Vector.LoadUnsafe(ref s0, o + (nuint)(2 * w));
                a3 += x * Vector.LoadUnsafe(ref s0, o + (nuint)(3 * w));
            }
            a0.StoreUnsafe(ref d0, (nuint)j);
            a1.StoreUnsafe(ref d0, (nuint)(j + w));
            a2.StoreUnsafe(ref d0, (nuint)(j + 2 * w));
            a3.StoreUnsafe(ref d0, (nuint)(j + 3 * w));
        }
        for (; j <= n - w; j += w)
        {
            var a = Vector.LoadUnsafe(ref d0, (nuint)j);
            for (int r = 0; r < rows; r++) a += new Vector<double>(Weight(weights, r)) * Vector.LoadUnsafe(ref s0, (nuint)((long)r * n + j));
            a.StoreUnsafe(ref d0, (nuint)j);
        }
        for (; j < n; j++)
        {
            double a = d[j];
            for (int r = 0; r < rows; r++) a += Weight(weights, r) * src[r * n + j];
            d[j] = a;
        }
    }

    private static double Weight(ReadOnlySpan<double> weights, int r) => weights.IsEmpty ? 1.0 : weights[r];
}
