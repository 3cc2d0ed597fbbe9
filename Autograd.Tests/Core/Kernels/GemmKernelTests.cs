using Autograd.Kernels;

namespace Autograd.Tests.Core.Kernels;

/// <summary>The blocked SIMD GEMM against a plain triple loop, on sizes that hit every edge-tile case.</summary>
public class GemmKernelTests
{
    private static double[] Random(int count, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => 2 * r.NextDouble() - 1).ToArray();
    }

    /// <summary>Stored matrix of op(X) with shape rows×cols: transposed storage when asked.</summary>
    private static double[] Store(double[] x, int rows, int cols, bool transposed)
    {
        if (!transposed) return x;
        var t = new double[x.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        return t;
    }

    /// <summary>Checks every element against the textbook sum, within the classic error bound k·u·Σ|aᵢₚ·bₚⱼ|.</summary>
    private static void AssertMatchesNaive(int m, int k, int n, bool transposeA = false, bool transposeB = false, int seed = 0, bool withBias = false)
    {
        var a = Random(m * k, seed + 1);
        var b = Random(k * n, seed + 2);
        var bias = withBias ? Random(n, seed + 3) : null;
        var c = Enumerable.Repeat(double.NaN, m * n).ToArray();  // stale contents must be overwritten
        GemmKernel.Multiply(Store(a, m, k, transposeA), Store(b, k, n, transposeB), c, m, k, n, transposeA, transposeB, bias);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = bias?[j] ?? 0, magnitude = Math.Abs(sum);
                for (int p = 0; p < k; p++) { sum += a[i * k + p] * b[p * n + j]; magnitude += Math.Abs(a[i * k + p] * b[p * n + j]); }
                double bound = 2 * (k + 1) * double.Epsilon + 2 * k * 1.1102230246251565e-16 * magnitude;
                Assert.True(Math.Abs(c[i * n + j] - sum) <= bound, $"C[{i},{j}] of {m}x{k}x{n}: {c[i * n + j]} vs {sum}");
            }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 7, 1)]
    [InlineData(7, 1, 7)]
    [InlineData(7, 7, 7)]
    [InlineData(6, 5, 8)]
    [InlineData(33, 17, 9)]
    [InlineData(65, 33, 65)]
    [InlineData(129, 65, 33)]
    [InlineData(97, 257, 13)]     // two K slabs, two row blocks, edge rows and columns
    [InlineData(3, 300, 129)]
    [InlineData(200, 130, 150)]   // large enough to run on several cores
    [InlineData(1, 33, 17)]       // a single row or column of C takes the matrix-vector path
    [InlineData(17, 33, 1)]
    public void MatchesTripleLoop(int m, int k, int n) => AssertMatchesNaive(m, k, n);

    [Theory]
    [InlineData(7, 9, 11, true, false)]
    [InlineData(7, 9, 11, false, true)]
    [InlineData(65, 33, 129, true, true)]
    [InlineData(130, 260, 70, true, false)]
    [InlineData(130, 260, 70, false, true)]
    [InlineData(1, 40, 9, true, true)]
    [InlineData(1, 40, 9, false, true)]
    [InlineData(9, 40, 1, true, false)]
    [InlineData(9, 40, 1, true, true)]
    [InlineData(67, 263, 45, false, true)]    // B stored transposed: full panels packed four rows at a time, a 3-row tail, an edge panel
    [InlineData(200, 130, 150, true, true)]   // several cores, each packing a share of the B panels
    public void TransposedOperandsMatchTripleLoop(int m, int k, int n, bool transposeA, bool transposeB) =>
        AssertMatchesNaive(m, k, n, transposeA, transposeB, seed: 10);

    [Theory]
    [InlineData(33, 17, 9, false, false)]
    [InlineData(97, 257, 13, false, true)]   // two K slabs: the bias is added once, not per slab
    [InlineData(200, 130, 150, false, true)] // several cores: each band starts its own rows at the bias
    [InlineData(256, 16, 32, false, true)]   // the MLP's first layer
    [InlineData(1, 40, 9, false, false)]     // matrix-vector paths, all four storages
    [InlineData(1, 40, 9, false, true)]
    [InlineData(9, 40, 1, false, true)]
    [InlineData(9, 40, 1, true, false)]
    [InlineData(4, 0, 3, false, false)]      // no terms: C is the bias repeated
    public void BiasRowStartsEverySum(int m, int k, int n, bool transposeA, bool transposeB) =>
        AssertMatchesNaive(m, k, n, transposeA, transposeB, seed: 20, withBias: true);

    [Fact]
    public void EmptyInnerDimensionGivesZeros()
    {
        var c = new[] { 1.0, 2, 3, 4, 5, 6 };
        GemmKernel.Multiply([], [], c, 2, 0, 3);
        Assert.All(c, x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void ZeroTimesInfinityIsNaNAndNaNPropagates()
    {
        // Row 0 of A is all zeros against an infinite B entry: IEEE says 0·∞ = NaN, so C[0, 0] must be NaN.
        int m = 9, k = 10, n = 11;
        var a = Random(m * k, 3);
        var b = Random(k * n, 4);
        for (int p = 0; p < k; p++) a[p] = 0;
        b[4 * n + 0] = double.PositiveInfinity;
        a[8 * k + 2] = double.NaN;                // row 8 (an edge row) is NaN everywhere
        var c = new double[m * n];
        GemmKernel.Multiply(a, b, c, m, k, n);
        Assert.True(double.IsNaN(c[0]));
        Assert.Equal(0.0, c[1]);                  // the zero row times finite columns stays an exact 0
        for (int j = 0; j < n; j++) Assert.True(double.IsNaN(c[8 * n + j]));
        Assert.True(double.IsPositiveInfinity(c[1 * n + 0]) || double.IsNegativeInfinity(c[1 * n + 0]));
    }

    [Fact]
    public void ResultIsBitIdenticalWhateverTheThreadCount()
    {
        int m = 301, k = 290, n = 203;
        var a = Random(m * k, 5);
        var b = Random(k * n, 6);
        foreach (bool transposeB in new[] { false, true })   // B's panels copied, or transposed while packed
        {
            var one = new double[m * n];
            GemmKernel.Multiply(a, b, one, m, k, n, transposeB: transposeB, maxThreads: 1);
            foreach (int threads in new[] { 2, 3, 8, -1 })
            {
                var many = new double[m * n];
                GemmKernel.Multiply(a, b, many, m, k, n, transposeB: transposeB, maxThreads: threads);
                Assert.Equal(one, many);  // exact equality, element by element
            }
        }
    }
}
