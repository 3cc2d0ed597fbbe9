using Autograd.Nn;

namespace Autograd.Tests.Nn.Losses;

/// <summary>Every bad input PoissonNLLLoss rejects (where PyTorch silently computes something).</summary>
public class PoissonNLLLossBadInputTests
{
    [Fact]
    public void DifferentShapesAreRejectedNamingBoth()
    {
        var input = Tensor.Zeros(3, 1);
        var target = Tensor.Zeros(3);
        var fromModule = Assert.Throws<ArgumentException>(() => new PoissonNLLLoss().Forward(input, target));
        var fromFunction = Assert.Throws<ArgumentException>(() => Functional.PoissonNLLLoss(input, target));
        foreach (var e in new[] { fromModule, fromFunction })
        {
            Assert.Contains("[3, 1]", e.Message);
            Assert.Contains("[3]", e.Message);
        }
    }

    [Fact]
    public void ShapesThatWouldBroadcastAreStillRejected()
    {
        Assert.Throws<ArgumentException>(() => Functional.PoissonNLLLoss(Tensor.Zeros(2, 3), Tensor.Zeros(3)));
        Assert.Throws<ArgumentException>(() => Functional.PoissonNLLLoss(Tensor.Scalar(0), Tensor.Zeros(1)));
    }

    [Theory]
    [InlineData(-1e-300)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void NegativeOrNaNEpsIsRejectedAtConstructionAndInTheFunctionalForm(double eps)
    {
        var atConstruction = Assert.Throws<ArgumentOutOfRangeException>(() => new PoissonNLLLoss(eps: eps));
        Assert.Equal("eps", atConstruction.ParamName);
        var functional = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.PoissonNLLLoss(Tensor.Ones(2), Tensor.Ones(2), eps: eps));
        Assert.Equal("eps", functional.ParamName);
    }

    [Fact]
    public void ZeroEpsIsAllowed() => Assert.Equal(0.0, new PoissonNLLLoss(eps: 0).Eps);

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-1e-300)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void NegativeOrNaNTargetIsRejectedNamingItsIndex(double bad)
    {
        var target = Tensor.FromArray([1, 0, 2, bad, 4, 5], [2, 3]);
        var e = Assert.Throws<ArgumentException>(() => new PoissonNLLLoss().Forward(Tensor.Zeros(2, 3), target));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("target[3]", e.Message);
        Assert.Contains("[1, 0]", e.Message);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ABadTargetDeepInALargeTensorIsFoundAndNamed(double bad)
    {
        // 200,000 elements: the check runs over fixed chunks, on several cores; the offender sits in a late chunk.
        var values = new double[200_000];
        values[170_001] = bad;
        var e = Assert.Throws<ArgumentException>(() => Functional.PoissonNLLLoss(Tensor.Zeros(200_000), Tensor.FromArray(values)));
        Assert.Contains("target[170001]", e.Message);
    }

    [Fact]
    public void FirstBadTargetIsTheOneNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.PoissonNLLLoss(Tensor.Zeros(4), Tensor.FromArray([0, -2, 3, -4])));
        Assert.Contains("target[1]", e.Message);
        Assert.Contains("-2", e.Message);
    }

    [Fact]
    public void NonIntegerAndZeroTargetsAreAllowed()
    {
        var loss = Functional.PoissonNLLLoss(Tensor.Zeros(3), Tensor.FromArray([0, 0.25, 2.5]), full: true);
        Assert.True(double.IsFinite(loss.Item()));
    }

    [Fact]
    public void UndefinedReductionIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoissonNLLLoss(reduction: (Reduction)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.PoissonNLLLoss(Tensor.Ones(1), Tensor.Ones(1), reduction: (Reduction)(-1)));
    }

    [Fact]
    public void NullTensorsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new PoissonNLLLoss().Forward(null!, Tensor.Ones(1)));
        Assert.Throws<ArgumentNullException>(() => new PoissonNLLLoss().Forward(Tensor.Ones(1), null!));
    }

    [Fact]
    public void OneArgumentForwardSaysToPassATarget()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new PoissonNLLLoss().Forward(Tensor.Ones(1)));
        Assert.Contains("target", e.Message);
    }
}
