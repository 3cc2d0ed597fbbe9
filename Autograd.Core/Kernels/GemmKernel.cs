using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Autograd.Kernels;

/// <summary>
/// Dense matrix multiply on row-major buffers, C[m×n] = op(A)·op(B) (+ a bias row added to every row), where op(A) is A[m×k]
/// or, with <c>transposeA</c>, the transpose of a stored k×m matrix (likewise op(B) is B[k×n] or the transpose of a stored n×k one).
/// <para>
/// The blocked algorithm of Goto and van de Geijn: B is packed in K×N slabs of 8-column panels, A in blocks of 6-row
/// panels, and a 6×8 register-blocked FMA microkernel (twelve 4-wide accumulators) runs over the packed panels.
/// Packing makes transposed operands free. Large products split the rows of C into one band per core, and every core
/// packs a share of each B slab, which all bands then read.
/// </para>
/// <para>
/// Determinism: every C element is the sum over k in ascending order, in blocks of <see cref="KC"/>; within a block an
/// FMA chain, and the block sums are added to C (which starts at 0 or at the bias) in block order. Nothing about that depends on how rows are split into
/// bands, so the result is bit-identical for any thread count. Zeros are never skipped (0·∞ = NaN stays).
/// </para>
/// </summary>
internal static unsafe class GemmKernel
{
    private const int MR = 6, NR = 8;      // microkernel tile: 6 rows × 8 columns of C
    private const int KC = 256;            // depth of one packed slab (packed B panel: 256×8 doubles = 16 KiB, fits L1)
    private const int MC = 96;             // rows of A packed at a time (96×256 doubles = 192 KiB, fits L2)
    private const int NC = 4096;           // columns of B packed at a time
    private const long ParallelFlops = 1L << 21;  // below about 128³ multiply-adds one core is faster

    /// <summary>
    /// Overwrites <paramref name="c"/> (length ≥ m·n) with op(A)·op(B): cᵢⱼ = Σₚ op(A)ᵢₚ·op(B)ₚⱼ, or with
    /// <paramref name="bias"/> (length n) cᵢⱼ = biasⱼ + Σₚ op(A)ᵢₚ·op(B)ₚⱼ, the bias written first so the sum lands on it.
    /// <paramref name="maxThreads"/> sets how many bands the rows are split into (−1: one per core; more bands than cores
    /// is allowed, so tests can split finely on a small machine); it only changes how rows are split, never the result.
    /// </summary>
    public static void Multiply(double[] a, double[] b, double[] c, int m, int k, int n,
        bool transposeA = false, bool transposeB = false, double[]? bias = null, int maxThreads = -1)
    {
        if (m == 0 || n == 0) return;
        if (k == 0) { Start(c, 0, m, n, bias); return; }
        var A = new Operand(a, transposeA ? 1 : k, transposeA ? m : 1);
        var B = new Operand(b, transposeB ? 1 : n, transposeB ? k : 1);
        if (!Fma.IsSupported || !Vector256.IsHardwareAccelerated) { Naive(A, B, c, m, k, n, bias); return; }
        if (n == 1 || m == 1) { MatrixVector(A, B, c, m, k, n, bias); return; }

        int threads = (long)m * n * k >= ParallelFlops && m >= 2 * MR ? (maxThreads > 0 ? maxThreads : Environment.ProcessorCount) : 1;
        int rowsPerPart = RoundUp((m + threads - 1) / threads, MR), parts = (m + rowsPerPart - 1) / rowsPerPart;
        new Product(A, B, c, m, n, k, bias, rowsPerPart, parts).Run();
    }

    /// <summary>Rows [r0, r1) of C (row length n) set to the bias, or to 0 without one: where the sums start.</summary>
    private static void Start(double[] c, int r0, int r1, int n, double[]? bias)
    {
        if (bias is null) { c.AsSpan(r0 * n, (r1 - r0) * n).Clear(); return; }
        for (int i = r0; i < r1; i++) bias.AsSpan(0, n).CopyTo(c.AsSpan(i * n, n));
    }

    /// <summary>A stored matrix read through strides: element (i, p) is Data[i·Row + p·Col].</summary>
    private readonly record struct Operand(double[] Data, int Row, int Col);

    /// <summary>
    /// C = op(A)·op(B) in bands of rows, one per core. For each K×N slab of B the bands first pack a share of its panels
    /// each, then each band multiplies its own rows by the whole packed slab: B is packed once, by every core at once.
    /// </summary>
    private sealed class Product(Operand a, Operand b, double[] c, int m, int n, int k, double[]? bias, int rowsPerPart, int parts)
    {
        public void Run()
        {
            var bPack = ArrayPool<double>.Shared.Rent(KC * RoundUp(Math.Min(n, NC), NR));
            try
            {
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc), panelsPerPart = ((nc + NR - 1) / NR + parts - 1) / parts;
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        Bands(part => PackB(b, pc, kc, jc, nc, bPack, Math.Min(nc, part * panelsPerPart * NR), Math.Min(nc, (part + 1) * panelsPerPart * NR)));
                        Bands(part => Rows(part * rowsPerPart, Math.Min(m, (part + 1) * rowsPerPart), pc, kc, jc, nc, bPack));
                    }
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(bPack);
            }
        }

        /// <summary>Runs <paramref name="work"/>(part) for every band: on all cores when there are several.</summary>
        private void Bands(Action<int> work)
        {
            if (parts == 1) work(0);
            else Parallel.For(0, parts, work);
        }

        /// <summary>Rows [r0, r1) of C (+)= their rows of op(A) · the packed slab (rows pc.., columns jc.. of op(B)).</summary>
        private void Rows(int r0, int r1, int pc, int kc, int jc, int nc, double[] bPack)
        {
            if (bias is not null && pc == 0 && jc == 0) Start(c, r0, r1, n, bias);
            var aPack = ArrayPool<double>.Shared.Rent(MC * KC);
            try
            {
                for (int ic = r0; ic < r1; ic += MC)
                {
                    int mc = Math.Min(MC, r1 - ic);
                    PackA(a, ic, mc, pc, kc, aPack);
                    Block(aPack, bPack, ic, mc, pc, kc, jc, nc);
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(aPack);
            }
        }

        /// <summary>C[ic..ic+mc, jc..jc+nc] (+)= packed A block · packed B slab, tile by tile.</summary>
        private void Block(double[] aPack, double[] bPack, int ic, int mc, int pc, int kc, int jc, int nc)
        {
            fixed (double* ap = aPack, bp = bPack, cp = c)
            {
                bool accumulate = pc > 0 || bias is not null;
                for (int jr = 0; jr < nc; jr += NR)
                    for (int ir = 0; ir < mc; ir += MR)
                    {
                        double* ct = cp + (long)(ic + ir) * n + jc + jr;
                        int rows = Math.Min(MR, mc - ir), cols = Math.Min(NR, nc - jr);
                        double* apanel = ap + ir * kc, bpanel = bp + jr * kc;
                        if (rows == MR && cols == NR) Micro(kc, apanel, bpanel, ct, n, accumulate);
                        else EdgeTile(kc, apanel, bpanel, ct, n, rows, cols, accumulate);
                    }
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Packs columns [jr0, jr1) (multiples of NR from the slab's first column) of op(B)[pc..pc+kc, jc..jc+nc] as consecutive
    /// kc×NR panels, each row-major, zero-padded past column nc.
    /// </summary>
    private static void PackB(Operand b, int pc, int kc, int jc, int nc, double[] dst, int jr0, int jr1)
    {
        fixed (double* source = b.Data, packed = dst)
        {
            for (int jr = jr0; jr < jr1; jr += NR)
            {
                int cols = Math.Min(NR, nc - jr);
                double* d = packed + (long)jr * kc;
                double* s = source + (long)pc * b.Row + (long)(jc + jr) * b.Col;
                if (cols == NR && b.Col == 1)
                {
                    for (int p = 0; p < kc; p++, d += NR, s += b.Row)
                    {
                        Vector256.Load(s).Store(d);
                        Vector256.Load(s + 4).Store(d + 4);
                    }
                    continue;
                }
                if (cols == NR && b.Row == 1) { PackTransposedPanel(s, b.Col, kc, d); continue; }
                for (int p = 0; p < kc; p++, d += NR, s += b.Row)
                    for (int j = 0; j < NR; j++) d[j] = j < cols ? s[j * b.Col] : 0;
            }
        }
    }

    /// <summary>
    /// One full panel of a B stored transposed (the linear layer's x·Wᵀ): d[p·NR + j] = s[j·ld + p], the eight stored rows
    /// read four elements at a time and turned into columns by two 4×4 register transposes per step.
    /// </summary>
    private static void PackTransposedPanel(double* s, int ld, int kc, double* d)
    {
        int p = 0;
        for (; p <= kc - 4; p += 4)
            for (int half = 0; half < NR; half += 4)
            {
                double* row = s + (long)half * ld + p;
                var r0 = Vector256.Load(row);
                var r1 = Vector256.Load(row + ld);
                var r2 = Vector256.Load(row + 2L * ld);
                var r3 = Vector256.Load(row + 3L * ld);
                var t0 = Avx.UnpackLow(r0, r1);     // r0[0] r1[0] r0[2] r1[2]
                var t1 = Avx.UnpackHigh(r0, r1);    // r0[1] r1[1] r0[3] r1[3]
                var t2 = Avx.UnpackLow(r2, r3);
                var t3 = Avx.UnpackHigh(r2, r3);
                double* o = d + (long)p * NR + half;
                Avx.Permute2x128(t0, t2, 0x20).Store(o);             // element p of rows 0-3
                Avx.Permute2x128(t1, t3, 0x20).Store(o + NR);        // p + 1
                Avx.Permute2x128(t0, t2, 0x31).Store(o + 2 * NR);    // p + 2
                Avx.Permute2x128(t1, t3, 0x31).Store(o + 3 * NR);    // p + 3
            }
        for (; p < kc; p++)
            for (int j = 0; j < NR; j++) d[p * NR + j] = s[(long)j * ld + p];
    }

    /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] as consecutive MR×kc panels stored column by column, zero-padded past row mc.</summary>
    private static void PackA(Operand a, int ic, int mc, int pc, int kc, double[] dst)
    {
        fixed (double* source = a.Data, packed = dst)
        {
            for (int ir = 0; ir < mc; ir += MR)
            {
                int rows = Math.Min(MR, mc - ir), r1 = a.Row;
                double* d = packed + ir * kc;
                double* s = source + (long)(ic + ir) * a.Row + (long)pc * a.Col;
                if (rows == MR)
                {
                    for (int p = 0; p < kc; p++, d += MR, s += a.Col)
                    {
                        d[0] = s[0]; d[1] = s[r1]; d[2] = s[2 * r1];
                        d[3] = s[3 * r1]; d[4] = s[4 * r1]; d[5] = s[5 * r1];
                    }
                    continue;
                }
                for (int p = 0; p < kc; p++, d += MR, s += a.Col)
                    for (int r = 0; r < MR; r++) d[r] = r < rows ? s[r * r1] : 0;
            }
        }
    }

    /// <summary>
    /// A single output column (n = 1) or row (m = 1): dot products or scaled-row sums over contiguous data, no packing.
    /// Deterministic whatever the threads, but the summation order is the dot product's, so a one-row product may round
    /// differently from the same row inside a larger product.
    /// </summary>
    private static void MatrixVector(Operand a, Operand b, double[] c, int m, int k, int n, double[]? bias)
    {
        var cs = c.AsSpan(0, m * n);
        if (n == 1 && a.Col == 1)          // cᵢ = row i of A · the column of B (contiguous in either storage)
            for (int i = 0; i < m; i++) cs[i] = Biased(bias, 0, TensorPrimitives.Dot(a.Data.AsSpan(i * k, k), b.Data.AsSpan(0, k)));
        else if (n == 1)                   // A stored k×m: c = Σₚ bₚ · (stored row p)
        {
            Start(c, 0, m, n, bias);
            RowSums.Accumulate(a.Data.AsSpan(0, k * m), k, m, b.Data.AsSpan(0, k), cs);
        }
        else if (b.Col == 1)               // m = 1, B row-major: c = Σₚ aₚ · (row p of B)
        {
            Start(c, 0, m, n, bias);
            RowSums.Accumulate(b.Data.AsSpan(0, k * n), k, n, a.Data.AsSpan(0, k), cs);
        }
        else                               // m = 1, B stored n×k: cⱼ = a · (stored row j)
            for (int j = 0; j < n; j++) cs[j] = Biased(bias, j, TensorPrimitives.Dot(a.Data.AsSpan(0, k), b.Data.AsSpan(j * k, k)));
    }

    /// <summary>biasⱼ + sum, or the sum itself without a bias.</summary>
    private static double Biased(double[]? bias, int j, double sum) => bias is null ? sum : bias[j] + sum;

    /// <summary>C tile (6×8, row stride ldc) = (accumulate ? C : 0) + Σₚ a[:, p] ⊗ b[p, :] over one packed slab.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]  // full speed from the first call, not after tiering up
    private static void Micro(int kc, double* a, double* b, double* c, int ldc, bool accumulate)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++, a += MR, b += NR)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 4);
            var x = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
        }
        StoreRow(c, c00, c01, accumulate);
        StoreRow(c + ldc, c10, c11, accumulate);
        StoreRow(c + 2 * ldc, c20, c21, accumulate);
        StoreRow(c + 3 * ldc, c30, c31, accumulate);
        StoreRow(c + 4 * ldc, c40, c41, accumulate);
        StoreRow(c + 5 * ldc, c50, c51, accumulate);
    }

    private static void StoreRow(double* c, Vector256<double> lo, Vector256<double> hi, bool accumulate)
    {
        if (accumulate) { lo += Vector256.Load(c); hi += Vector256.Load(c + 4); }
        lo.Store(c);
        hi.Store(c + 4);
    }

    /// <summary>A partial tile: the microkernel writes a full 6×8 scratch tile; only its rows×cols corner reaches C, with the same sums.</summary>
    private static void EdgeTile(int kc, double* a, double* b, double* c, int ldc, int rows, int cols, bool accumulate)
    {
        double* tile = stackalloc double[MR * NR];
        Micro(kc, a, b, tile, NR, accumulate: false);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i * NR + j] : tile[i * NR + j];
    }

    /// <summary>Scalar fallback without AVX2/FMA: each cᵢⱼ is a plain ascending sum over k.</summary>
    private static void Naive(Operand a, Operand b, double[] c, int m, int k, int n, double[]? bias)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a.Data[i * a.Row + p * a.Col] * b.Data[p * b.Row + j * b.Col];
                c[i * n + j] = Biased(bias, j, s);
            }
    }
}
