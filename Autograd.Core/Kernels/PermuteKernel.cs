namespace Autograd.Kernels;

/// <summary>Copies a row-major buffer into the row-major layout of its dimensions taken in another order.</summary>
internal static class PermuteKernel
{
    /// <summary>
    /// d[j₀, …, jₙ₋₁] = src[i] with i_{dims[k]} = j_k: output dimension k is source dimension <paramref name="dims"/>[k].
    /// <paramref name="d"/> has the source's element count and is overwritten completely.
    /// </summary>
    public static void Permute(double[] src, int[] srcShape, int[] dims, double[] d)
    {
        int rank = dims.Length;
        if (d.Length == 0) return;
        if (rank == 0) { d[0] = src[0]; return; }
        var srcStrides = Shapes.Strides(srcShape);
        var outShape = new int[rank];
        var step = new int[rank];   // how far the source offset moves when output index k grows by one
        for (int k = 0; k < rank; k++) { outShape[k] = srcShape[dims[k]]; step[k] = srcStrides[dims[k]]; }

        int rowLength = outShape[rank - 1], rowStep = step[rank - 1];
        var position = new int[rank];   // the output multi-index of the current row; its last entry stays 0
        int offset = 0;
        for (int start = 0; start < d.Length; start += rowLength)
        {
            for (int j = 0, s = offset; j < rowLength; j++, s += rowStep) d[start + j] = src[s];
            // Next row: advance the odometer over the outer output dimensions, last one fastest.
            for (int k = rank - 2; k >= 0; k--)
            {
                offset += step[k];
                if (++position[k] < outShape[k]) break;
                offset -= step[k] * outShape[k];
                position[k] = 0;
            }
        }
    }
}
