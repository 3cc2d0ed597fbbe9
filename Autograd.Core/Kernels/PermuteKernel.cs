namespace Autograd.Kernels;

/// <summary>Copies a row-major buffer into the row-major layout of its dimensions taken in another order.</summary>
internal static class PermuteKernel
{
    /// <summary>
    /// Side of the square tiles a transpose copies. The 8 destination lines an 8×8 tile writes lie a row of the output
    /// apart (2 KiB in a 256-wide matrix), so they can all fall in one L1 set: 8 of them fit its 8 ways; 32 did not
    /// (measured on 256×256: 268 µs with 32×32 tiles and column by column, 59 µs with 8×8).
    /// </summary>
    private const int Tile = 8;

    /// <summary>
    /// d = srcᵀ for a row-major [rows, cols] source: d[j, i] = src[i, j], copied tile by tile (see <see cref="Tile"/>).
    /// </summary>
    public static void Transpose(double[] src, int rows, int cols, double[] d)
    {
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(rows, i0 + Tile);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(cols, j0 + Tile);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        d[j * rows + i] = src[i * cols + j];
            }
        }
    }

    /// <summary>
    /// d[j₀, …, jₙ₋₁] = src[i] with i_{dims[k]} = j_k: output dimension k is source dimension <paramref name="dims"/>[k].
    /// <paramref name="d"/> has the source's element count and is overwritten completely.
    /// </summary>
    public static void Permute(double[] src, int[] srcShape, int[] dims, double[] d)
    {
        int rank = dims.Length;
        if (d.Length == 0) return;
        if (rank == 0) { d[0] = src[0]; return; }
        if (rank == 2 && dims[0] == 1) { Transpose(src, srcShape[0], srcShape[1], d); return; }
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
