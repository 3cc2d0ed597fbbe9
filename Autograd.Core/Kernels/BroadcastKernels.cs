using System.Numerics;
using System.Numerics.Tensors;

namespace Autograd.Kernels;

/// <summary>Kernels that combine, expand and reduce row-major buffers under NumPy broadcasting.</summary>
internal static class BroadcastKernels
{
    /// <summary>d = a ∘ b elementwise, with a and b broadcast to <paramref name="outShape"/>.</summary>
    public static void Binary<TOp>(double[] a, int[] aShape, double[] b, int[] bShape, double[] d, int[] outShape)
        where TOp : IBinaryOp
    {
        if (d.Length == 1) { d[0] = TOp.Apply(a[0], b[0]); return; }  // one-element fast path: no span dispatch
        if ((a.Length == d.Length || a.Length == 1) && (b.Length == d.Length || b.Length == 1))
        {
            if (Chunked.Worth(d.Length)) FlatParallel<TOp>(a, b, d);
            else Flat<TOp>(a, b, d, 0, d.Length);
            return;
        }
        var walk = new RowWalker(outShape, aShape, bShape);
        int n = walk.RowLength;
        for (int r = 0; r < walk.Rows; r++, walk.Next())
        {
            var dst = d.AsSpan(r * n, n);
            switch (walk.Inner0, walk.Inner1)
            {
                case (1, 1): TOp.VV(a.AsSpan(walk.Offset0, n), b.AsSpan(walk.Offset1, n), dst); break;
                case (1, 0): TOp.VS(a.AsSpan(walk.Offset0, n), b[walk.Offset1], dst); break;
                case (0, 1): TOp.SV(a[walk.Offset0], b.AsSpan(walk.Offset1, n), dst); break;
                default: dst.Fill(TOp.Apply(a[walk.Offset0], b[walk.Offset1])); break;
            }
        }
    }

    // A separate method, so that the closure is only allocated for large tensors.
    private static void FlatParallel<TOp>(double[] a, double[] b, double[] d) where TOp : IBinaryOp =>
        Chunked.For(d.Length, (start, count) => Flat<TOp>(a, b, d, start, count));

    /// <summary>d[start..start+count] for operands that are each full-size or a single element.</summary>
    private static void Flat<TOp>(double[] a, double[] b, double[] d, int start, int count) where TOp : IBinaryOp
    {
        var dst = d.AsSpan(start, count);
        if (a.Length == 1 && b.Length == 1) dst.Fill(TOp.Apply(a[0], b[0]));
        else if (b.Length == 1) TOp.VS(a.AsSpan(start, count), b[0], dst);
        else if (a.Length == 1) TOp.SV(a[0], b.AsSpan(start, count), dst);
        else TOp.VV(a.AsSpan(start, count), b.AsSpan(start, count), dst);
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
        for (int r = 0; r < walk.Rows; r++, walk.Next())
        {
            var row = src.AsSpan(r * n, n);
            if (walk.Inner0 == 1) { var acc = d.AsSpan(walk.Offset0, n); TensorPrimitives.Add(acc, row, acc); }
            else d[walk.Offset0] += TensorPrimitives.Sum(row);
        }
    }

    /// <summary>d = mask ≠ 0 ? a : b elementwise, all three broadcast to <paramref name="outShape"/>.</summary>
    public static void Where(double[] mask, int[] maskShape, double[] a, int[] aShape, double[] b, int[] bShape, double[] d, int[] outShape)
    {
        if (IsFullOrScalar(mask, d) && IsFullOrScalar(a, d) && IsFullOrScalar(b, d))
        {
            WhereFlat(mask, mask.Length == 1 ? 0 : 1, a, a.Length == 1 ? 0 : 1, b, b.Length == 1 ? 0 : 1, d);
            return;
        }
        var walk = new RowWalker(outShape, maskShape, aShape, bShape);
        int n = walk.RowLength;
        for (int r = 0; r < walk.Rows; r++, walk.Next())
        {
            int o = r * n;
            for (int j = 0; j < n; j++)
                d[o + j] = mask[walk.Offset0 + j * walk.Inner0] != 0 ? a[walk.Offset1 + j * walk.Inner1] : b[walk.Offset2 + j * walk.Inner2];
        }
    }

    private static bool IsFullOrScalar(double[] x, double[] d) => x.Length == d.Length || x.Length == 1;

    /// <summary>Where for operands that are each full-size (stride 1) or one element (stride 0): branch-free vector selects.</summary>
    private static void WhereFlat(double[] mask, int sm, double[] a, int sa, double[] b, int sb, double[] d)
    {
        int n = d.Length, w = Vector<double>.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            var m = sm == 0 ? new Vector<double>(mask[0]) : new Vector<double>(mask, i);
            var va = sa == 0 ? new Vector<double>(a[0]) : new Vector<double>(a, i);
            var vb = sb == 0 ? new Vector<double>(b[0]) : new Vector<double>(b, i);
            Vector.ConditionalSelect(Vector.Equals(m, Vector<double>.Zero), vb, va).CopyTo(d, i);  // NaN ≠ 0 picks a, as below
        }
        for (; i < n; i++) d[i] = mask[i * sm] != 0 ? a[i * sa] : b[i * sb];
    }
}
