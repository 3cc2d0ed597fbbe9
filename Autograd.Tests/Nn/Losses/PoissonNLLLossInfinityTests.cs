using Autograd.Nn;

namespace Autograd.Tests.Nn.Losses;

/// <summary>
/// Infinite settings and targets: ε = ±∞ turns every rate-input loss into ∞ − y·∞, and a target of +∞ is no count, so
/// both are refused as negative and NaN values are; large finite targets and −0 stay allowed.
/// </summary>
public class PoissonNLLLossInfinityTests
{
    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void InfiniteEpsIsRejectedAtConstructionAndInTheFunctionalForm(double eps)
    {
        var atConstruction = Assert.Throws<ArgumentOutOfRangeException>(() => new PoissonNLLLoss(eps: eps));
        Assert.Equal("eps", atConstruction.ParamName);
        var functional = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.PoissonNLLLoss(Tensor.Ones(2), Tensor.Ones(2), logInput: false, eps: eps));
        Assert.Equal("eps", functional.ParamName);
        Assert.Contains("finite", functional.Message);
    }

    [Fact]
    public void AnInfiniteTargetIsRejectedNamingItsIndex()
    {
        var target = Tensor.FromArray([1, 0, 2, 3, double.PositiveInfinity, 5], [2, 3]);
        var fromModule = Assert.Throws<ArgumentException>(() => new PoissonNLLLoss().Forward(Tensor.Zeros(2, 3), target));
        var fromFunction = Assert.Throws<ArgumentException>(() => Functional.PoissonNLLLoss(Tensor.Zeros(2, 3), target, logInput: false, full: true));
        foreach (var e in new[] { fromModule, fromFunction })
        {
            Assert.Equal("target", e.ParamName);
            Assert.Contains("target[4]", e.Message);
            Assert.Contains("[1, 1]", e.Message);
            Assert.Contains("Infinity", e.Message);
        }
    }

    [Fact]
    public void AnInfiniteTargetDeepInALargeTensorIsFoundAndNamed()
    {
        // 300,000 elements: the check runs over fixed chunks on all cores; the offender sits in a late chunk.
        var values = new double[300_000];
        values[280_123] = double.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => Functional.PoissonNLLLoss(Tensor.Zeros(300_000), Tensor.FromArray(values)));
        Assert.Contains("target[280123]", e.Message);
    }

    [Fact]
    public void TheFirstOffenderIsNamedWhateverKindItIs()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Functional.PoissonNLLLoss(Tensor.Zeros(4), Tensor.FromArray([0, double.PositiveInfinity, -1, double.NaN])));
        Assert.Contains("target[1]", e.Message);
    }

    [Fact]
    public void LargeFiniteTargetsAndNegativeZeroAreStillAllowed()
    {
        var small = Functional.PoissonNLLLoss(Tensor.Zeros(3), Tensor.FromArray([double.MaxValue, -0.0, 1e300]), reduction: Reduction.None);
        Assert.All(small.ToArray(), v => Assert.False(double.IsNaN(v)));
        var values = new double[300_000];
        values[123_456] = -0.0;
        values[299_999] = double.MaxValue;
        var large = Functional.PoissonNLLLoss(Tensor.Zeros(300_000), Tensor.FromArray(values), reduction: Reduction.Sum);
        Assert.False(double.IsNaN(large.Item()));
    }
}
