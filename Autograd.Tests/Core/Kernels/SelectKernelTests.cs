namespace Autograd.Tests.Core.Kernels;

/// <summary>The vectorized comparison and Where kernels against their one-element IEEE definitions, on every tail length.</summary>
public class SelectKernelTests
{
    private static readonly double[] Specials = [double.NaN, 0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, 2.5];

    private static double[] Values(int n, int shift) => Enumerable.Range(0, n).Select(i => Specials[(i * 3 + shift) % Specials.Length]).ToArray();

    public static TheoryData<int> Lengths() => [.. Enumerable.Range(0, 19)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ComparisonsFollowIeeeElementByElement(int n)
    {
        var a = Tensor.FromArray(Values(n, 0));
        var b = Tensor.FromArray(Values(n, 5));
        var s = Tensor.Scalar(0.0);
        var checks = new (Tensor Result, Func<double, double, bool> Rule, Tensor Left, Tensor Right)[]
        {
            (a.Gt(b), (x, y) => x > y, a, b), (a.Ge(b), (x, y) => x >= y, a, b), (a.Lt(b), (x, y) => x < y, a, b),
            (a.Le(b), (x, y) => x <= y, a, b), (a.Eq(b), (x, y) => x == y, a, b),
            (a > 0.0, (x, y) => x > y, a, s), (a.Lt(s), (x, y) => x < y, a, s), (s.Ge(a), (x, y) => x >= y, s, a),
        };
        foreach (var (result, rule, left, right) in checks)
            for (int i = 0; i < n; i++)
            {
                double x = left.Count == 1 ? left.Span[0] : left.Span[i], y = right.Count == 1 ? right.Span[0] : right.Span[i];
                Assert.Equal(rule(x, y) ? 1.0 : 0.0, result.Span[i]);
            }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void WhereTakesAWhereTheMaskIsNonZeroIncludingNaN(int n)
    {
        var mask = Tensor.FromArray(Values(n, 1));   // NaN counts as non-zero, −0 as zero
        var a = Tensor.FromArray(Enumerable.Range(0, n).Select(i => 100.0 + i).ToArray());
        var b = Tensor.FromArray(Enumerable.Range(0, n).Select(i => -100.0 - i).ToArray());
        var full = Tensor.Where(mask, a, b);
        var scalarB = Tensor.Where(mask, a, 7.0);
        for (int i = 0; i < n; i++)
        {
            bool pick = mask.Span[i] != 0;
            Assert.Equal(pick ? a.Span[i] : b.Span[i], full.Span[i]);
            Assert.Equal(pick ? a.Span[i] : 7.0, scalarB.Span[i]);
        }
    }
}
