using Autograd.Data;
using Autograd.Nn;
using Autograd.Optim;

namespace Autograd.Tests.Core;

/// <summary>
/// Tensor.ManualSeed: one generator per scope, shared in call order by every draw made without a Random (Rand, Randn,
/// Linear's initialisation, Dropout's masks, DataLoader's shuffles), scoped to its thread or async flow, nested as a
/// stack, and locked so flows that share it cannot corrupt it.
/// </summary>
public class SeedingTests
{
    /// <summary>The next <paramref name="n"/> uniform draws of <paramref name="random"/>.</summary>
    private static double[] Draws(Random random, int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())];

    [Fact]
    public void RandAndRandnInAScopeAreThatSeedsDrawsInCallOrder()
    {
        double[] a, b, c;
        using (Tensor.ManualSeed(7))
        {
            a = Tensor.Rand(2, 3).ToArray();
            b = Tensor.Randn([5], requiresGrad: true).ToArray();
            c = Tensor.Rand([4], requiresGrad: false).ToArray();
        }
        var reference = new Random(7);
        Assert.Equal(Draws(reference, 6), a);
        Assert.Equal(Tensor.Randn([5], reference).ToArray(), b);   // Box–Muller from the same stream: 6 draws for 5 values
        Assert.Equal(Draws(reference, 4), c);

        using (Tensor.ManualSeed(7)) Assert.Equal(a, Tensor.Rand(2, 3).ToArray());
        using (Tensor.ManualSeed(8)) Assert.NotEqual(a, Tensor.Rand(2, 3).ToArray());
        Assert.True(Tensor.Randn([2], requiresGrad: true).RequiresGrad);
        Assert.Equal([2, 3], Tensor.Randn(2, 3).Shape);
    }

    [Fact]
    public void BadShapesAreRefusedWithoutTakingDraws()
    {
        using (Tensor.ManualSeed(4))
        {
            var negative = Assert.Throws<ArgumentException>(() => Tensor.Rand(2, -1));
            Assert.Equal("shape", negative.ParamName);
            Assert.Contains("-1", negative.Message);
            Assert.Equal("shape", Assert.Throws<ArgumentException>(() => Tensor.Randn([3, -2], requiresGrad: true)).ParamName);
            Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => Tensor.Rand(null!)).ParamName);
            Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => Tensor.Randn(null!, requiresGrad: false)).ParamName);
            Assert.Equal(Draws(new Random(4), 2), Tensor.Rand(2).ToArray());   // the failed calls drew nothing
        }
        using (Tensor.ManualSeed(-5)) Assert.Equal(Draws(new Random(-5), 1), Tensor.Rand(1).ToArray());   // any int seeds, as new Random(seed)
        Assert.Empty(Tensor.Rand(0, 3).ToArray());
        Assert.Equal(Array.Empty<int>(), Tensor.Randn([]).Shape);
    }

    [Fact]
    public void OutsideEveryScopeDrawsAreNotRepeated()
    {
        Assert.NotEqual(Tensor.Rand(64).ToArray(), Tensor.Rand(64).ToArray());
        Assert.NotEqual(new Linear(8, 8).Weight.ToArray(), new Linear(8, 8).Weight.ToArray());
    }

    [Fact]
    public void LinearDropoutAndRandShareTheScopesGeneratorInCallOrder()
    {
        var x = Tensor.Ones(3, 4);
        Linear layer;
        double[] noise, mask, functionalMask;
        using (Tensor.ManualSeed(11))
        {
            layer = new Linear(4, 3);
            noise = Tensor.Rand(5).ToArray();
            mask = new Dropout(0.5).Forward(x).ToArray();
            functionalMask = Functional.Dropout(x, 0.25).ToArray();
        }
        var reference = new Random(11);
        var expected = new Linear(4, 3, random: reference);
        Assert.Equal(expected.Weight.ToArray(), layer.Weight.ToArray());
        Assert.Equal(expected.Bias!.ToArray(), layer.Bias!.ToArray());
        Assert.Equal(Draws(reference, 5), noise);
        Assert.Equal(Functional.Dropout(x, 0.5, random: reference).ToArray(), mask);
        Assert.Equal(Functional.Dropout(x, 0.25, random: reference).ToArray(), functionalMask);
    }

    [Fact]
    public void ADropoutWithoutAGeneratorDrawsFromTheScopeInForceAtEachForward()
    {
        var dropout = new Dropout(0.5);   // made outside any scope
        var x = Tensor.Ones(50);
        double[] first, second;
        using (Tensor.ManualSeed(3)) first = dropout.Forward(x).ToArray();
        using (Tensor.ManualSeed(3)) second = dropout.Forward(x).ToArray();
        Assert.Equal(first, second);
        Assert.Contains(0.0, first);
        Assert.Contains(2.0, first);
        // A generator given at construction wins over the scope.
        var own = new Dropout(0.5, new Random(3));
        using (Tensor.ManualSeed(99)) Assert.Equal(first, own.Forward(x).ToArray());
    }

    [Fact]
    public void DataLoadersWithoutAGeneratorShuffleFromTheScopeInForceWhenAnEpochStarts()
    {
        var features = Tensor.FromArray([.. Enumerable.Range(0, 20).Select(i => (double)i)], [20, 1]);
        var targets = Tensor.Zeros(20);
        var pairs = new DataLoader(features, targets, batchSize: 6, shuffle: true);
        var loader = new DataLoader([features], batchSize: 6, shuffle: true);

        static double[] Rows(IEnumerable<Tensor> batches) => [.. batches.SelectMany(b => b.ToArray())];
        double[] pairEpoch1, pairEpoch2, epoch;
        using (Tensor.ManualSeed(21))
        {
            pairEpoch1 = Rows(pairs.Select(b => b[0]));
            pairEpoch2 = Rows(pairs.Select(b => b[0]));
        }
        using (Tensor.ManualSeed(21)) epoch = Rows(loader.Select(b => b[0]));

        var reference = new DataLoader(features, targets, batchSize: 6, shuffle: true, random: new Random(21));
        Assert.Equal(Rows(reference.Select(b => b[0])), pairEpoch1);
        Assert.Equal(Rows(reference.Select(b => b[0])), pairEpoch2);
        Assert.Equal(pairEpoch1, epoch);
        Assert.NotEqual(pairEpoch1, pairEpoch2);
    }

    [Fact]
    public void NestedScopesRestoreTheOuterOneAndItsPosition()
    {
        double[] before, inner, after;
        using (Tensor.ManualSeed(1))
        {
            before = Tensor.Rand(3).ToArray();
            using (Tensor.ManualSeed(2)) inner = Tensor.Rand(3).ToArray();
            after = Tensor.Rand(3).ToArray();
        }
        var outer = new Random(1);
        Assert.Equal(Draws(outer, 3), before);
        Assert.Equal(Draws(new Random(2), 3), inner);
        Assert.Equal(Draws(outer, 3), after);   // the outer generator continues where it was
    }

    [Fact]
    public void DisposingOutOfOrderThrowsClosesTheInnerScopeAndRestoresTheOneBefore()
    {
        using (Tensor.ManualSeed(1))
        {
            var outer = Tensor.ManualSeed(2);
            var inner = Tensor.ManualSeed(3);
            var error = Assert.Throws<InvalidOperationException>(outer.Dispose);
            Assert.Contains("ManualSeed", error.Message);
            Assert.Contains("reverse order", error.Message);
            Assert.Equal(Draws(new Random(1), 2), Tensor.Rand(2).ToArray());

            inner.Dispose();   // closed with the outer one already: changes nothing
            outer.Dispose();   // disposing twice changes nothing
            var reference = new Random(1);
            Draws(reference, 2);
            Assert.Equal(Draws(reference, 2), Tensor.Rand(2).ToArray());
        }
    }

    [Fact]
    public void TwoThreadsWithDifferentSeedsAtTheSameTimeEachReproduceTheirOwnSequence()
    {
        const int steps = 200;
        using var barrier = new Barrier(2);
        var results = new double[2][];
        var threads = new[] { 100, 200 }.Select((seed, t) => new Thread(() =>
        {
            var values = new List<double>();
            using (Tensor.ManualSeed(seed))
                for (int s = 0; s < steps; s++)
                {
                    barrier.SignalAndWait();   // both threads draw in every step
                    values.AddRange(Tensor.Rand(3).ToArray());
                }
            results[t] = [.. values];
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.Equal(Draws(new Random(100), 3 * steps), results[0]);
        Assert.Equal(Draws(new Random(200), 3 * steps), results[1]);
    }

    private static async Task<double[]> DrawInOwnScopeAsync()
    {
        using (Tensor.ManualSeed(100))
        {
            await Task.Yield();
            return Tensor.Rand(3).ToArray();
        }
    }

    [Fact]
    public async Task TheScopeFollowsItsAsyncFlowAndAChildFlowsOwnScopeStaysInTheChild()
    {
        using (Tensor.ManualSeed(5))
        {
            var a = Tensor.Rand(3).ToArray();
            await Task.Yield();
            var b = Tensor.Rand(3).ToArray();
            var c = await Task.Run(() => Tensor.Rand(3).ToArray());   // a child flow inherits the scope's generator
            var d = await DrawInOwnScopeAsync();
            var e = Tensor.Rand(3).ToArray();                         // the child's scope ended with it

            var reference = new Random(5);
            Assert.Equal(Draws(reference, 3), a);
            Assert.Equal(Draws(reference, 3), b);
            Assert.Equal(Draws(reference, 3), c);
            Assert.Equal(Draws(new Random(100), 3), d);
            Assert.Equal(Draws(reference, 3), e);
        }
    }

    [Fact]
    public void ParallelChildFlowsSharingAScopeTakeWholeConsecutiveBlocksOfItsSequence()
    {
        // Threads started inside a scope inherit it (their execution context flows), as tasks do. Each draw holds the
        // scope's lock for its whole tensor, so every child gets one intact block of the sequence; which block goes to
        // which child is up to the scheduler. Without the lock, the children's draws interleave and corrupt the state.
        const int children = 4, size = 50_000, rounds = 3;
        using var start = new Barrier(children);
        var blocks = new double[children * rounds][];
        using (Tensor.ManualSeed(17))
        {
            var threads = Enumerable.Range(0, children).Select(c => new Thread(() =>
            {
                for (int r = 0; r < rounds; r++)
                {
                    start.SignalAndWait();
                    blocks[r * children + c] = Tensor.Rand(size).ToArray();
                }
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
        }

        var reference = new Random(17);
        var expected = Enumerable.Range(0, children * rounds).Select(_ => Draws(reference, size)).ToList();
        foreach (var block in blocks)
        {
            int match = expected.FindIndex(e => e.SequenceEqual(block));
            Assert.True(match >= 0, "a child's draws are not one consecutive block of the seed's sequence");
            expected.RemoveAt(match);
        }
    }

    /// <summary>A small training run that takes every random number from the default generator: the losses of each step.</summary>
    private static double[] TrainingRun(int seed)
    {
        using var _ = Tensor.ManualSeed(seed);
        var net = new Sequential(new Linear(3, 8), new Dropout(0.2), new Tanh(), new Linear(8, 1));
        var x = Tensor.Randn(32, 3);
        var y = Tensor.Rand(32, 1);
        var loader = new DataLoader(x, y, batchSize: 8, shuffle: true);
        var sgd = new Sgd(net.Parameters(), lr: 0.1);
        var loss = new MSELoss();
        var losses = new List<double>();
        for (int epoch = 0; epoch < 2; epoch++)
            foreach (var (features, targets) in loader)
            {
                sgd.ZeroGrad();
                var value = loss.Forward(net.Forward(features), targets);
                value.Backward();
                sgd.Step();
                losses.Add(value.Item());
            }
        return [.. losses];
    }

    [Fact]
    public void OneSeedReproducesAWholeTrainingRun()
    {
        var first = TrainingRun(42);
        Assert.Equal(8, first.Length);
        Assert.Equal(first, TrainingRun(42));
        Assert.NotEqual(first, TrainingRun(43));
    }
}
