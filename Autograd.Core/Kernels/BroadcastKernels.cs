using System.Numerics.Tensors;
using Autograd.Fusion;

namespace Autograd.Kernels;

/// <summary>Kernels that combine, expand and reduce row-major buffers under NumPy broadcasting.</summary>
internal static class BroadcastKernels
{
    /// <summary>d = a op b elementwise, with a and b broadcast to <paramref name="outShape"/>.</summary>
    public static void Binary(Op op, double[] a, int[] aShape, double[] b, int[] bShape, double[] d, int[] outShape)
    {
        if (d.Length == 1) { d[0] = ElementwiseKernels.Apply(op, a[0], b[0]); return; }  // one-element fast path: no span dispatch
        if ((a.Length == d.Length || a.Length == 1) && (b.Length == d.Length || b.Length == 1))
        {
            ElementwiseKernels.Binary(op, a, a.Length == 1 ? 0 : 1, b, b.Length == 1 ? 0 : 1, d);
            return;
        }
        var walk = new RowWalker(outShape, aShape, bShape);
        int n = walk.RowLength;
        for (int r = 0; r < walk.Rows; r++, walk.Next())
            ElementwiseKernels.Binary(op, a.AsSpan(walk.Offset0), walk.Inner0, b.AsSpan(walk.Offset1), walk.Inner1, d.AsSpan(r * n, n));
    }

    /// <summary>Copies <paramref name="src"/> of shape <paramref name="srcShape"/> into <paramref name="d"/>, broadcast to <paramref name="outShape"/>.</summary>
    public static void Expand(double[] src, int[] srcShape, double[] d, int[] outShape)
    {
        if (src.Length == 1) { d.AsSpan().Fill(src[0]); return; }
        var walk = new RowWalker(outShape, srcShape);
        int n = walk.RowLength;
        for (int r = 0; r < walk.Rows; r++, walk.Next())
        {
            var dst = d.AsSpan(r * n, n);
            if (walk.Inner0 == 1) src.AsSpan(walk.Offset0, n).CopyTo(dst);
            else dst.Fill(src[walk.Offset0]);
        }
    }

    /// <summary>
    /// Sums <paramref name="src"/> of shape <paramref name="srcShape"/> down to <paramref name="outShape"/>, a shape that
    /// broadcasts to it: the adjoint of <see cref="Expand"/>. Rows are added in a fixed order, so results are deterministic.
    /// </summary>
    public static void SumTo(double[] src, int[] srcShape, double[] d, int[] outShape)
    {
        Array.Clear(d);
        if (d.Length == 1) { d[0] = TensorPrimitives.Sum<double>(src); return; }
        var walk = new RowWalker(srcShape, outShape);
        int n = walk.RowLength;
        if (walk.Inner0 == 1 && d.Length == n) { RowSums.Accumulate(src, walk.Rows, n, [], d); return; }  // every row into the one output row (a bias gradient)
        for (int r = 0; r < walk.Rows; r++, walk.Next())
        {
            var row = src.AsSpan(r * n, n);
            if (walk.Inner0 == 1) { var acc = d.AsSpan(walk.Offset0, n); ExactLoops.SpanSpan(Op.Add, acc, row, acc); }
            else d[walk.Offset0] += TensorPrimitives.Sum(row);
        }
    }

    /// <summary>d = mask ≠ 0 ? a : b elementwise, all three broadcast to <paramref name="outShape"/>.</summary>
    public static void Where(double[] mask, int[] maskShape, double[] a, int[] aShape, double[] b, int[] bShape, double[] d, int[] outShape)
    {
        if (d.Length == 0) return;
        if (IsFullOrScalar(mask, d) && IsFullOrScalar(a, d) && IsFullOrScalar(b, d))
        {
            ElementwiseKernels.Where(mask, Stride(mask, d), a, Stride(a, d), b, Stride(b, d), d);
            return;
        }
        var walk = new RowWalker(outShape, maskShape, aShape, bShape);
        int n = walk.RowLength;
        for (int r = 0; r < walk.Rows; r++, walk.Next())
            ElementwiseKernels.Where(mask.AsSpan(walk.Offset0), walk.Inner0, a.AsSpan(walk.Offset1), walk.Inner1, b.AsSpan(walk.Offset2), walk.Inner2, d.AsSpan(r * n, n));
    }

    private static bool IsFullOrScalar(double[] x, double[] d) => x.Length == d.Length || x.Length == 1;

    private static int Stride(double[] x, double[] d) => x.Length == d.Length && d.Length > 1 ? 1 : 0;
}
