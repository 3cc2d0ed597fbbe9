using System.Numerics;
using System.Runtime.CompilerServices;

namespace Autograd.Kernels;

/// <summary>
/// Σ of all elements in one fixed order: blocks of <see cref="Block"/> elements, each summed by <see cref="Of"/>, the
/// block sums added in order within fixed chunks (<see cref="Chunked"/>), the chunk sums added in order. A fused reduction
/// (<see cref="Fusion.Program.Sum"/>) visits the same blocks, so summing an expression and summing its realised
/// elements give the same bits, whatever the thread count and wherever the array sits in memory.
/// </summary>
internal static class BlockSums
{
    /// <summary>Elements per block: a few registers of them fit in L1 together.</summary>
    public const int Block = 512;

    /// <summary>Σᵢ x[i] in the fixed block order.</summary>
    public static double Sum(double[] x) =>
        Chunked.Sum(x.Length, x, static (s, start, count) =>
        {
            double total = 0;
            for (int i = start; i < start + count; i += Block) total += Of(s.AsSpan(i, Math.Min(Block, start + count - i)));
            return total;
        });

    /// <summary>Σ of one block: four vector accumulators over whole vectors, combined in a fixed order, then the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]  // every sum runs it: optimised from the first call (issue 17)
    public static double Of(ReadOnlySpan<double> x)
    {
        int w = Vector<double>.Count, i = 0;
        Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i <= x.Length - 4 * w; i += 4 * w)
        {
            s0 += new Vector<double>(x[i..]);
            s1 += new Vector<double>(x[(i + w)..]);
            s2 += new Vector<double>(x[(i + 2 * w)..]);
            s3 += new Vector<double>(x[(i + 3 * w)..]);
        }
        for (; i <= x.Length - w; i += w) s0 += new Vector<double>(x[i..]);
        double total = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; i < x.Length; i++) total += x[i];
        return total;
    }
}
