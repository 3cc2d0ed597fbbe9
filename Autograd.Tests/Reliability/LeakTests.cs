using System.Runtime.CompilerServices;
using Autograd.Nn;
using Autograd.Optim;
using Xunit.Abstractions;

namespace Autograd.Tests.Reliability;

/// <summary>
/// No leaks: graphs are ordinary garbage once nobody references their output (no global tape), Backward frees what
/// it saved, and a long training loop runs in constant memory.
/// </summary>
[Collection(MemorySensitiveCollection.Name)]
public sealed class LeakTests(ITestOutputHelper output)
{
    [Fact]
    public void AGraphNeverBackpropagatedIsCollectedWhileItsLeavesLiveOn()
    {
        var x = Tensor.FromArray([0.5, -1.0, 2.0, 3.0, 0.25, 1.5], [2, 3], requiresGrad: true);
        var w = Tensor.FromArray([1.0, 2.0, 3.0], [3, 1], requiresGrad: true);

        var (result, intermediate) = BuildWithoutBackward(x, w);
        MemorySensitiveCollection.CollectEverything();

        Assert.False(result.IsAlive, "the output of a graph nobody references was not collected: something global holds it");
        Assert.False(intermediate.IsAlive, "an intermediate of a graph nobody references was not collected");
        Assert.Null(x.Grad);
        GC.KeepAlive(x);
        GC.KeepAlive(w);
    }

    [Fact]
    public void RetainGraphKeepsTheGraphUntilABackwardWithoutItReleasesIt()
    {
        // The control for the weak-reference method: a graph that must stay alive is seen alive.
        var x = Tensor.FromArray([0.5, 1.5, 2.5], requiresGrad: true);
        var (y, intermediate) = BuildLoss(x);

        y.Backward(retainGraph: true);
        MemorySensitiveCollection.CollectEverything();
        Assert.True(intermediate.IsAlive, "retainGraph: true must keep the saved tensors for a second backward");

        y.Backward();
        MemorySensitiveCollection.CollectEverything();
        Assert.False(intermediate.IsAlive, "Backward without retainGraph must free the graph even while its output is referenced");
        GC.KeepAlive(y);
    }

    [Fact]
    public void AGraphWhoseBackwardFailedIsStillCollected()
    {
        var x = Tensor.FromArray([0.0, 1.0], requiresGrad: true);
        var intermediate = FailBackward(x);
        MemorySensitiveCollection.CollectEverything();

        Assert.False(intermediate.IsAlive, "a graph whose backward threw stayed reachable");
        Assert.Null(x.Grad);
        GC.KeepAlive(x);
    }

    [Fact]
    public void TenThousandRawTensorStepsEndWithinTwiceTheMemoryAfterAHundred()
    {
        var random = new Random(7);
        var model = new RawMlp(inputs: 4, hidden: 32, random);
        var batches = Batches(random);
        AssertFlatMemory(step => model.Step(batches[step % batches.Length].X, batches[step % batches.Length].Target, learningRate: 0.05));
    }

    [Fact]
    public void TenThousandNnAdamStepsEndWithinTwiceTheMemoryAfterAHundred()
    {
        var random = new Random(8);
        var net = new Sequential(new Linear(4, 32, random: random), new Tanh(), new Linear(32, 1, random: random));
        var adam = new Adam(net.Parameters(), lr: 1e-2);
        var poisson = new PoissonNLLLoss();
        var batches = Batches(random);
        AssertFlatMemory(step =>
        {
            var (x, t) = batches[step % batches.Length];
            adam.ZeroGrad();
            var loss = poisson.Forward(net.Forward(x), t);
            loss.Backward();
            adam.Step();
            return loss.Item();
        });
    }

    /// <summary>
    /// Eight batches of 64 rows with 4 features. Each step then records about 50 KB of activations (64 × 32 hidden units),
    /// so a graph kept per step would add hundreds of megabytes over the run, far past the 2× bound.
    /// </summary>
    private static (Tensor X, Tensor Target)[] Batches(Random random) =>
        [.. Enumerable.Range(0, 8).Select(_ => RawMlp.Batch(64, 4, random))];

    /// <summary>Runs steps 0..9,999 (each returns its loss) and checks reachable memory after 10,000 against after 100.</summary>
    private void AssertFlatMemory(Func<int, double> step)
    {
        double first = Run(step, 0, 100);
        long after100 = MemorySensitiveCollection.ReachableBytes();
        double last = Run(step, 100, 10_000);
        long after10000 = MemorySensitiveCollection.ReachableBytes();

        output.WriteLine($"reachable managed memory: {after100:N0} bytes after 100 steps, {after10000:N0} after 10,000; loss {first:F4} -> {last:F4}");
        Assert.True(after10000 <= 2 * after100, $"{after10000:N0} bytes after 10,000 steps vs {after100:N0} after 100");
        Assert.True(last < first, "the model should have learned something (loss fell)");
    }

    private static double Run(Func<int, double> step, int from, int to)
    {
        double loss = double.NaN;
        for (int i = from; i < to; i++) loss = step(i);
        return loss;
    }

    /// <summary>A graph touching several kinds of op, dropped without Backward; built out of line so no local outlives it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Result, WeakReference Intermediate) BuildWithoutBackward(Tensor x, Tensor w)
    {
        var h = x.MatMul(w).Tanh();
        var square = Function.Elementwise("Square", v => v * v, v => 2 * v);
        var y = Tensor.Where(h > 0.0, square.Apply(h), h.Exp()).Sum(0).Reshape(1, 1).BroadcastTo(2, 3).Mean();
        return (new WeakReference(y), new WeakReference(h));
    }

    /// <summary>Builds Σ √(eˣ·x) (∞ gradient at x = 0), backpropagates it under anomaly detection (which throws) and drops it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference FailBackward(Tensor x)
    {
        using var anomaly = Tensor.DetectAnomaly();
        var (loss, intermediate) = BuildLoss(x, withLog: false);
        Assert.Throws<AnomalyException>(() => loss.Backward());
        return intermediate;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor Loss, WeakReference Intermediate) BuildLoss(Tensor x, bool withLog = true)
    {
        var h = x.Exp() * x;
        return ((withLog ? h.Log() + h.Sqrt() : h.Sqrt()).Sum(), new WeakReference(h));
    }
}
