namespace Autograd.Kernels;

/// <summary>
/// Copies between a row-major buffer viewed as [outer, n, inner] and a contiguous slab [outer, length, inner] that is
/// positions start..start+length−1 of its middle dimension: narrowing, concatenating and padding back into zeros.
/// </summary>
internal static class SliceKernel
{
    /// <summary>slab[o, j, i] = whole[o, start + j, i]; <paramref name="slab"/> is overwritten completely.</summary>
    public static void Extract(ReadOnlySpan<double> whole, int outer, int n, int inner, int start, int length, Span<double> slab)
    {
        int block = length * inner;
        for (int o = 0; o < outer; o++)
            whole.Slice((o * n + start) * inner, block).CopyTo(slab.Slice(o * block, block));
    }

    /// <summary>whole[o, start + j, i] = slab[o, j, i]; the rest of <paramref name="whole"/> is left as it is.</summary>
    public static void Insert(ReadOnlySpan<double> slab, int outer, int n, int inner, int start, int length, Span<double> whole)
    {
        int block = length * inner;
        for (int o = 0; o < outer; o++)
            slab.Slice(o * block, block).CopyTo(whole.Slice((o * n + start) * inner, block));
    }
}
