using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

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
            Chunked.Run(d.Length, (a, b, d), static (s, start, count) => Flat<TOp>(s.a, s.b, s.d, start, count));
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

    /// <summary>d[start..start+count] for operands that are each full-size or a single element.</summary>
    private static void Flat<TOp>(double[] a, double[] b, double[] d, int start, int count) where TOp : IBinaryOp
    {
        var dst = d.AsSpan(start, count);
        if (a.Length == 1 && b.Length == 1) dst.Fill(TOp.Apply(a[0], b[0]));
        else if (b.Length == 1) TOp.VS(a.AsSpan(start, count), b[0], dst);
        else if (a.Length == 1) TOp.SV(a[0], b.AsSpan(start, count), dst);
        else TOp.VV(a.AsSpan(start, count), b.AsSpan(start, count), dst);
    }

    /// <summary>
    /// d[i] ← d[i] + (a[i] + b[i]) for equal lengths: the two adds of each element rounded in that order, in blocks that
    /// stay in cache, so memory is crossed once (large buffers split across cores).
    /// </summary>
    public static void AddSum(double[] d, double[] a, double[] b) =>
        Chunked.Run(d.Length, (d, a, b), static (s, start, count) => AddSum(s.d.AsSpan(start, count), s.a.AsSpan(start, count), s.b.AsSpan(start, count)));

    private static void AddSum(Span<double> d, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Span<double> sum = stackalloc double[512];
        for (int i = 0; i < d.Length; i += sum.Length)
        {
            int n = Math.Min(sum.Length, d.Length - i);
            TensorPrimitives.Add(a.Slice(i, n), b.Slice(i, n), sum[..n]);
            TensorPrimitives.Add(d.Slice(i, n), sum[..n], d.Slice(i, n));
        }
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
        if (n == 0) return;
        // A one-element operand is read as a vector of copies at offset 0; a full one at offset i (the caller checked its length).
        Span<double> copies = stackalloc double[3 * w];
        ref double m0 = ref Lanes(mask, sm, copies[..w]), a0 = ref Lanes(a, sa, copies.Slice(w, w)), b0 = ref Lanes(b, sb, copies[(2 * w)..]);
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(d);
        for (; i <= n - w; i += w)
        {
            var m = Vector.LoadUnsafe(ref m0, (nuint)(i * sm));
            var va = Vector.LoadUnsafe(ref a0, (nuint)(i * sa));
            var vb = Vector.LoadUnsafe(ref b0, (nuint)(i * sb));
            Vector.ConditionalSelect(Vector.Equals(m, Vector<double>.Zero), vb, va).StoreUnsafe(ref d0, (nuint)i);  // NaN ≠ 0 picks a, as below
        }
        for (; i < n; i++) d[i] = mask[i * sm] != 0 ? a[i * sa] : b[i * sb];
    }

    /// <summary>Where a stride-<paramref name="stride"/> operand's lanes start: the array itself, or <paramref name="copies"/> filled with its one element.</summary>
    private static ref double Lanes(double[] x, int stride, Span<double> copies)
    {
        if (stride != 0) return ref MemoryMarshal.GetArrayDataReference(x);
        copies.Fill(x[0]);
        return ref MemoryMarshal.GetReference(copies);
    }
}
