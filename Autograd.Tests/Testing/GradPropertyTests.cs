namespace Autograd.Tests.Testing;

/// <summary>GradProperty.Holds passes on correct ops over every domain and shape option, and rejects bad options by name.</summary>
public class GradPropertyTests
{
    [Property(MaxTest = 20)]
    public Property Tanh() => GradProperty.Holds(x => x[0].Tanh(), Domain.Real(-3, 3));

    [Property(MaxTest = 20)]
    public Property ExpSecondOrder() => GradProperty.Holds(x => x[0].Exp(), secondOrder: true, Domain.Real(-2, 2));

    [Property(MaxTest = 20)]
    public Property MulOfTwoInputsOfOneShape() => GradProperty.Holds(x => x[0] * x[1], Domain.Real(-2, 2), Domain.Real(-2, 2));

    [Property(MaxTest = 20)]
    public Property BroadcastDivision() =>
        GradProperty.Holds(x => x[0] / x[1], new GradOptions { Broadcast = true, SecondOrder = true }, Domain.Real(-2, 2), Domain.Positive);

    [Property(MaxTest = 20)]
    public Property LogOnPositive() => GradProperty.Holds(x => x[0].Log(), Domain.Positive);

    [Property(MaxTest = 20)]
    public Property BinaryCrossEntropyOnProbabilities() =>
        GradProperty.Holds(x => -(x[0].Log() * 0.3 + (1.0 - x[0]).Log() * 0.7).Sum(), Domain.Probability);

    [Property(MaxTest = 20)]
    public Property ReluAndAbsAwayFromTheirKink() => GradProperty.Holds(x => x[0].Relu() + x[0].Abs(), Domain.AwayFrom([0], 0.05));

    [Property(MaxTest = 20)]
    public Property ClampAwayFromItsBounds() => GradProperty.Holds(x => x[0].Clamp(-1, 1), Domain.AwayFrom([-1, 1], 0.05));

    [Property(MaxTest = 20)]
    public Property PoissonLossWithCountTargets() =>
        GradProperty.Holds(x => (x[0].Exp() - x[1] * x[0]).Mean(), secondOrder: true, Domain.Real(-2, 2), Domain.Counts(6));

    [Property(MaxTest = 10)]
    public Property MatMulOfFixedShapes() =>
        GradProperty.Holds(x => x[0].MatMul(x[1]), new GradOptions { Shapes = [[2, 3], [3, 2]], SecondOrder = true }, Domain.Real(-1, 1), Domain.Real(-1, 1));

    [Property(MaxTest = 20)]
    public Property SumAlongTheLastDimOfMatrices() =>
        GradProperty.Holds(x => x[0].Sum(-1), new GradOptions { MinRank = 2, MaxRank = 3 }, Domain.Real(-1, 1));

    [Fact]
    public void AssertPassesOnACorrectOp() => GradProperty.Assert(x => x[0].Sin() * x[0], new GradOptions { Cases = 25 }, Domain.Real(-3, 3));

    [Fact]
    public void LooseToleranceAcceptsWhatTheDefaultRejects()
    {
        var broken = new BrokenOps.SquareOffBeyondOne();
        Assert.Throws<GradPropertyException>(() => GradProperty.Assert(x => broken.Apply(x[0]), new GradOptions(), Domain.Real(1.5, 2)));
        GradProperty.Assert(x => broken.Apply(x[0]), new GradOptions { Rtol = 0.6 }, Domain.Real(1.5, 2));
    }

    [Fact]
    public void BadOptionsAreNamed()
    {
        Func<Tensor[], Tensor> f = x => x[0];
        Assert.Contains("at least one input domain", Assert.Throws<ArgumentException>(() => GradProperty.Holds(f)).Message);
        var shapes = Assert.Throws<ArgumentException>(() => GradProperty.Holds(f, new GradOptions { Shapes = [[2], [3]] }, Domain.Positive));
        Assert.Contains("2 shapes for 1 input domains", shapes.Message);
        Assert.Contains("[-1]", Assert.Throws<ArgumentException>(() => GradProperty.Holds(f, new GradOptions { Shapes = [[-1]] }, Domain.Positive)).Message);
        var ranks = Assert.Throws<ArgumentOutOfRangeException>(() => GradProperty.Holds(f, new GradOptions { MinRank = 3, MaxRank = 2 }, Domain.Positive));
        Assert.Contains("MinRank = 3, MaxRank = 2", ranks.Message);
        Assert.Equal("MaxDim", Assert.Throws<ArgumentOutOfRangeException>(() => GradProperty.Holds(f, new GradOptions { MaxDim = 0 }, Domain.Positive)).ParamName);
        Assert.Equal("Cases", Assert.Throws<ArgumentOutOfRangeException>(() => GradProperty.Assert(f, new GradOptions { Cases = 0 }, Domain.Positive)).ParamName);
        Assert.Throws<ArgumentNullException>(() => GradProperty.Holds(null!, Domain.Positive));
        Assert.Throws<ArgumentNullException>(() => GradProperty.Holds(f, (Domain)null!));
    }

    [Fact]
    public void OnlyCountInputsIsAnError()
    {
        var e = Assert.ThrowsAny<Exception>(() => GradProperty.Assert(x => x[0].Sum(), new GradOptions { Cases = 1 }, Domain.Counts(3)));
        Assert.Contains("every input domain is Counts", e.Message);
    }

    [Fact]
    public void CaseTensorsAreFreshAndFollowTheDomains()
    {
        var c = new GradCase([[2], []], [[0.5, 1], [3]], [Domain.Real(-1, 1), Domain.Counts(5)]);
        var first = c.ToTensors();
        Assert.True(first[0].RequiresGrad);
        Assert.False(first[1].RequiresGrad);
        first[0].Data[0] = 9;
        Assert.Equal([0.5, 1], c.ToTensors()[0].ToArray());
        Assert.Equal("input0 [2] = [0.5, 1]; input1 [] = 3", c.ToString());
        Assert.Equal(3, c.ElementCount);
    }
}
