namespace Autograd.Tests.Testing;

/// <summary>Shape, broadcast-family and tensor arbitraries: what they draw, and that every shrink is smaller and still valid.</summary>
public class ArbitrariesTests
{
    [Property(MaxTest = 40)]
    public Property ShapesKeepTheirRankBoundsAndShrinkSmaller() =>
        Prop.ForAll(Arbitraries.Shape(minRank: 1, maxRank: 3, maxDim: 4).Generator.ToArbitrary(), s =>
        {
            Assert.InRange(s.Length, 1, 3);
            Assert.All(s, d => Assert.InRange(d, 1, 4));
            foreach (var t in Arbitraries.Shape(minRank: 1).Shrinker(s))
            {
                Assert.True(t.Length >= 1, $"{Shapes.Format(s)} shrank below rank 1");
                Assert.True(Shapes.Count(t) < Shapes.Count(s) || t.Length < s.Length, $"{Shapes.Format(s)} -> {Shapes.Format(t)} is not smaller");
            }
        });

    [Fact]
    public void ShapeShrinksToTheSmallestOfTheRequiredRank()
    {
        Assert.Contains([1, 1], Arbitraries.Shape(minRank: 2).Shrinker([3, 4, 2]));
        Assert.DoesNotContain(Arbitraries.Shape(minRank: 2).Shrinker([3, 4, 2]), t => t.Length < 2);
        Assert.Empty(Arbitraries.Shape(minRank: 2).Shrinker([1, 1]));
        Assert.Contains([], Arbitraries.Shape().Shrinker([2]));
    }

    [Property(MaxTest = 40)]
    public Property BroadcastFamiliesBroadcastBeforeAndAfterShrinking() =>
        Prop.ForAll(Arbitraries.BroadcastShapes(3).Generator.ToArbitrary(), family =>
        {
            Assert.Equal(3, family.Length);
            Broadcasts(family);
            foreach (var smaller in Arbitraries.BroadcastShapes(3).Shrinker(family))
            {
                Broadcasts(smaller);
                Assert.True(smaller.Sum(s => Shapes.Count(s) + s.Length) < family.Sum(s => Shapes.Count(s) + s.Length));
            }
        });

    private static void Broadcasts(int[][] family)
    {
        var full = family.Aggregate(Array.Empty<int>(), (acc, s) => Shapes.Broadcast(acc, s));
        Assert.All(family, s => Assert.True(Shapes.BroadcastsTo(s, full)));
    }

    [Fact]
    public void BroadcastFamilySizeIsChecked()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Arbitraries.BroadcastShapes(1)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Arbitraries.BroadcastShapes(5)).ParamName);
    }

    [Fact]
    public void TensorsOfAShapeShrinkValuesOnly()
    {
        var arb = Arbitraries.Tensor([2, 3], Domain.Positive);
        var x = arb.Generator.Sample(10, 1).First();
        Assert.Equal([2, 3], x.Shape);
        Assert.All(x.ToArray(), v => Assert.True(v > 0));
        var shrunk = arb.Shrinker(x).ToArray();
        Assert.NotEmpty(shrunk);
        Assert.All(shrunk, t => Assert.Equal([2, 3], t.Shape));
        Assert.All(shrunk, t => Assert.All(t.ToArray(), v => Assert.True(v > 0)));
        Assert.True(x.RequiresGrad);
    }

    [Fact]
    public void TensorsOfRandomShapeShrinkOntoTheElementThatFails()
    {
        // A tensor failing only because of its element 7.5 (the only value beyond 5): one shrink reaches that element alone.
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 7.5], [2, 3], requiresGrad: true);
        var shrunk = Arbitraries.Tensor(Domain.Real(-8, 8)).Shrinker(x).ToArray();
        Assert.Contains(shrunk, t => t.Rank == 0 && t.Item() == 7.5);
        Assert.Contains(shrunk, t => t.Shape.SequenceEqual([2, 1]) && t.ToArray().SequenceEqual([3.0, 7.5]));
        Assert.Contains(shrunk, t => t.Shape.SequenceEqual([1, 3]) && t.ToArray().SequenceEqual([4.0, 5, 7.5]));
    }

    [Fact]
    public void TensorGensStillServeTheOpTests()
    {
        var (a, b) = TensorGen.BroadcastTensors().Sample(10, 1).First();
        Assert.True(Shapes.BroadcastsTo(a.Shape, Shapes.Broadcast(a.Shape, b.Shape)));
        Assert.All(TensorGen.NonZeroValues(50, 0.5, 2).Sample(10, 1).First(), v => Assert.InRange(Math.Abs(v), 0.5, 2));
    }
}
