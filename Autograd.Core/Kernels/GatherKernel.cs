namespace Autograd.Kernels;

/// <summary>
/// Reads and adds by integer indices along one dimension: index_select and its adjoint index_add (whole slices), gather
/// and its adjoint scatter_add (single elements). Indices are already checked to be in range.
/// </summary>
internal static class GatherKernel
{
    /// <summary>d[o, k, i] = src[o, indices[k], i] for src viewed as [outer, n, inner]; <paramref name="d"/> is overwritten.</summary>
    public static void IndexSelect(double[] src, int outer, int n, int inner, int[] indices, double[] d)
    {
        int m = indices.Length;
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < m; k++)
                src.AsSpan((o * n + indices[k]) * inner, inner).CopyTo(d.AsSpan((o * m + k) * inner, inner));
    }

    /// <summary>d[o, indices[k], i] += src[o, k, i] for d viewed as [outer, n, inner]: repeated indices add up.</summary>
    public static void IndexAdd(double[] src, int outer, int n, int inner, int[] indices, double[] d)
    {
        int m = indices.Length;
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < m; k++)
            {
                var row = src.AsSpan((o * m + k) * inner, inner);
                var acc = d.AsSpan((o * n + indices[k]) * inner, inner);
                for (int i = 0; i < inner; i++) acc[i] += row[i];
            }
    }

    /// <summary>
    /// For every multi-index j of <paramref name="indexShape"/>: the offset in a buffer of <paramref name="fullShape"/> of
    /// the element j with its entry <paramref name="dim"/> replaced by index[j]. Calls <paramref name="visit"/>(flat j, offset).
    /// </summary>
    private static void Walk(int[] index, int[] indexShape, int[] fullShape, int dim, Action<int, int> visit)
    {
        int rank = indexShape.Length;
        var strides = Shapes.Strides(fullShape);
        var position = new int[rank];
        int offset = 0;   // Σ_k position[k]·strides[k] over k ≠ dim
        for (int flat = 0; flat < index.Length; flat++)
        {
            visit(flat, offset + index[flat] * strides[dim]);
            for (int k = rank - 1; k >= 0; k--)
            {
                if (k != dim) offset += strides[k];
                if (++position[k] < indexShape[k]) break;
                if (k != dim) offset -= strides[k] * indexShape[k];
                position[k] = 0;
            }
        }
    }

    /// <summary>d[j] = src[j with entry dim replaced by index[j]] (torch.gather); <paramref name="d"/> has index's count.</summary>
    public static void Gather(double[] src, int[] srcShape, int dim, int[] index, int[] indexShape, double[] d) =>
        Walk(index, indexShape, srcShape, dim, (j, s) => d[j] = src[s]);

    /// <summary>d[j with entry dim replaced by index[j]] += src[j] (scatter_add): the adjoint of <see cref="Gather"/>.</summary>
    public static void ScatterAdd(double[] src, int dim, int[] index, int[] indexShape, double[] d, int[] dShape) =>
        Walk(index, indexShape, dShape, dim, (j, s) => d[s] += src[j]);
}
