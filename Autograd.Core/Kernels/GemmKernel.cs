using System.Numerics.Tensors;

namespace Autograd.Kernels;

/// <summary>Dense matrix multiply on row-major buffers: C[m×n] = A[m×k] · B[k×n].</summary>
internal static class GemmKernel
{
    /// <summary>Overwrites <paramref name="c"/> with A·B. Each row of C accumulates rows of B scaled by A's entries (i-k-j order).</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n)
    {
        c[..(m * n)].Clear();
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            var aRow = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aRow[p], cRow, cRow);
            }
        }
    }
}
