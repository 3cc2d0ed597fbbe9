using Autograd.Kernels;

namespace Autograd.Tests.Core.Kernels;

/// <summary>The register-held row sums against the textbook loop, on every vector tail and block length.</summary>
public class RowSumsTests
{
    public static TheoryData<int, int, bool> Cases()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (int n in new[] { 0, 1, 3, 4, 5, 8, 15, 16, 17, 19, 32, 33, 40 })
            foreach (int rows in new[] { 0, 1, 7 })
                foreach (bool weighted in new[] { false, true })
                    data.Add(rows, n, weighted);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AddsEachRowInOrderOntoWhatIsThere(int rows, int n, bool weighted)
    {
        var r = new Random(rows * 100 + n);
        var src = Enumerable.Range(0, rows * n).Select(_ => r.NextDouble() * 2 - 1).ToArray();
        var weights = weighted ? Enumerable.Range(0, rows).Select(_ => r.NextDouble() * 4 - 2).ToArray() : [];
        var start = Enumerable.Range(0, n).Select(_ => r.NextDouble()).ToArray();
        var d = (double[])start.Clone();
        RowSums.Accumulate(src, rows, n, weights, d);
        for (int j = 0; j < n; j++)
        {
            double expected = start[j];
            for (int i = 0; i < rows; i++) expected += (weighted ? weights[i] : 1.0) * src[i * n + j];
            Assert.Equal(expected, d[j]);  // the same operations in the same order: exactly equal
        }
    }

    [Fact]
    public void RejectsOperandsShorterThanRowsTimesN() =>
        Assert.Throws<ArgumentException>(() => RowSums.Accumulate(new double[5], 2, 3, [], new double[3]));
}
