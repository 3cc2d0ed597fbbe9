namespace Autograd.Tests.Testing;

/// <summary>Domains draw only values they contain, and shrink strictly toward simple values without leaving.</summary>
public class DomainTests
{
    private static readonly Domain[] All =
        [Domain.Real(-2, 2), Domain.Real(0.5, 0.75), Domain.Positive, Domain.Probability, Domain.Counts(5), Domain.AwayFrom([0, 1], 0.1), Domain.AwayFrom([-1, 1], 0.25, -1.5, 1.5)];

    public static TheoryData<int> Indices() => [.. Enumerable.Range(0, All.Length)];

    [Theory, MemberData(nameof(Indices))]
    public void DrawsOnlyValuesItContains(int index)
    {
        var domain = All[index];
        var values = domain.Values.Sample(1000, 10);
        Assert.All(values, v => Assert.True(domain.Contains(v), $"{domain} drew {v}"));
        Assert.True(values.Distinct().Count() > 2, $"{domain} drew too few distinct values");
    }

    [Theory, MemberData(nameof(Indices))]
    public void ShrinksInsideTheDomainAndAlwaysEnds(int index)
    {
        var domain = All[index];
        foreach (var start in domain.Values.Sample(1000, 25))
        {
            // Greedy chain through the last candidate each time (the slowest descent): must end, and stay inside.
            double v = start;
            int steps = 0;
            for (var next = domain.Shrink(v).ToArray(); next.Length > 0; next = domain.Shrink(v).ToArray())
            {
                Assert.All(next, c => Assert.True(domain.Contains(c), $"{domain} shrank {v} to {c}"));
                Assert.DoesNotContain(v, next);
                v = next[^1];
                Assert.True(++steps < 60, $"{domain}: shrinking {start} did not end");
            }
        }
    }

    [Fact]
    public void ShrinksTowardSimpleValuesFirst()
    {
        Assert.Equal([0, 1, -1, 2, -2], Domain.Real(-3, 3).Shrink(2.7183).Take(5));
        Assert.Equal([0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1.5, -1.5, 0.25, 0.75, 2.7, 2.72, 2.718], Domain.Real(-3, 3).Shrink(2.7183));
        Assert.Empty(Domain.Real(-3, 3).Shrink(0));
        Assert.Equal([0, 1], Domain.Real(-3, 3).Shrink(-1));            // −1 is simpler than everything but 0 and 1
        Assert.Equal(0.5, Domain.Probability.Shrink(0.37).First());
        Assert.DoesNotContain(0.0, Domain.Positive.Shrink(0.0537));
        Assert.Equal(1, Domain.Positive.Shrink(0.0537).First());
        Assert.Equal([0, 1, 2, 3], Domain.Counts(5).Shrink(4));
        Assert.Equal([1, -1, 2, -2], Domain.AwayFrom([0], 0.1).Shrink(-2.5).Take(4));
        Assert.Equal([0, 0.5, -0.5], Domain.AwayFrom([-1, 1], 0.25, -1.5, 1.5).Shrink(0.6));
        Assert.Equal([0, -0.5], Domain.AwayFrom([-1, 1, 0.5], 0.25, -1.5, 1.5).Shrink(1.4).Take(2));
    }

    [Fact]
    public void KnowsWhatItContains()
    {
        Assert.True(Domain.Real(-1, 1).Contains(-1));
        Assert.False(Domain.Real(-1, 1).Contains(1.0001));
        Assert.False(Domain.Positive.Contains(0));
        Assert.False(Domain.Probability.Contains(1));
        Assert.False(Domain.Counts(3).Contains(1.5));
        Assert.False(Domain.Counts(3).Contains(4));
        Assert.False(Domain.AwayFrom([0], 0.1).Contains(0.05));
        Assert.True(Domain.AwayFrom([0], 0.1).Contains(0.1));
        Assert.False(Domain.AwayFrom([0], 0.1).Contains(3.5));
        Assert.False(Domain.Counts(3).IsDifferentiable);
        Assert.True(Domain.Positive.IsDifferentiable);
        Assert.Equal("Real(-2, 0.5)", Domain.Real(-2, 0.5).ToString());
        Assert.Equal("AwayFrom([0, 1], 0.1, -3, 3)", Domain.AwayFrom([0, 1], 0.1).Name);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Domain.Real(2, 1));
        Assert.Equal("max", e.ParamName);
        Assert.Contains("min = 2", e.Message);
        Assert.Equal("min", Assert.Throws<ArgumentOutOfRangeException>(() => Domain.Real(double.NaN, 1)).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentOutOfRangeException>(() => Domain.Real(0, double.PositiveInfinity)).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentOutOfRangeException>(() => Domain.Counts(-1)).ParamName);
        Assert.Equal("margin", Assert.Throws<ArgumentOutOfRangeException>(() => Domain.AwayFrom([0], 0)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentOutOfRangeException>(() => Domain.AwayFrom([double.NaN], 0.1)).ParamName);
        Assert.Throws<ArgumentNullException>(() => Domain.AwayFrom(null!, 0.1));
        var covered = Assert.Throws<ArgumentException>(() => Domain.AwayFrom([0], 2, -1, 1));
        Assert.Contains("[-1, 1]", covered.Message);
        Assert.Contains("within 2 of one of [0]", covered.Message);
    }

    [Fact]
    public void PointsAreCopied()
    {
        double[] points = [0];
        var domain = Domain.AwayFrom(points, 0.1);
        points[0] = 2;
        Assert.False(domain.Contains(0));
        Assert.True(domain.Contains(2));
    }
}
