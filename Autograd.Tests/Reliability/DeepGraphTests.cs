using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace Autograd.Tests.Reliability;

/// <summary>Backward through a chain of a million recorded ops: iterative traversal, right numbers, memory given back.</summary>
[Collection(MemorySensitiveCollection.Name)]
public sealed class DeepGraphTests(ITestOutputHelper output)
{
    private const int Depth = 1_000_000;
    private const double Factor = 1 + 1e-6;

    [Fact]
    public void BackwardThroughAMillionOpChainGivesTheClosedFormGradient()
    {
        var x = Tensor.Scalar(0.5, requiresGrad: true);
        var (y, _) = Chain(x);

        y.Backward();

        // y = x·c^N, so dy/dx = c^N; a million roundings of relative size ≤ 2⁻⁵³ stay far below 1e-9.
        double expected = Math.Pow(Factor, Depth);
        Assert.InRange(y.Item() / (0.5 * expected), 1 - 1e-9, 1 + 1e-9);
        Assert.InRange(x.Grad!.Item() / expected, 1 - 1e-9, 1 + 1e-9);
    }

    [Fact]
    public void AMillionOpChainIsReleasedByBackwardWhileItsOutputLivesOn()
    {
        var x = Tensor.Scalar(0.5, requiresGrad: true);
        long baseline = MemorySensitiveCollection.ReachableBytes();
        var (y, middle) = Chain(x);
        long built = GC.GetTotalMemory(forceFullCollection: true) - baseline;

        y.Backward();
        MemorySensitiveCollection.CollectEverything();
        long afterBackward = MemorySensitiveCollection.ReachableBytes() - baseline;

        Assert.False(middle.IsAlive, "an intermediate tensor of the chain survived Backward although only the output is referenced");
        // The chain holds a few hundred bytes per op (≥ 100 MB); what may remain is the output, x and its gradient.
        Assert.True(built > 50_000_000, $"the chain should occupy well over 50 MB while alive, measured {built:N0} bytes");
        Assert.True(afterBackward < 1_000_000, $"{afterBackward:N0} bytes remain reachable after Backward (chain occupied {built:N0})");
        output.WriteLine($"chain of {Depth:N0} ops: {built:N0} bytes while alive, {afterBackward:N0} bytes after Backward");
        GC.KeepAlive(y);
    }

    [Fact]
    public void AChainOfDiamondsIsTraversedOncePerNode()
    {
        // t ← (t + t)·½, 100,000 times: every node feeds the next twice, so a walk that does not merge shared nodes would
        // take 2¹⁰⁰⁰⁰⁰ paths. dt/dt₀ = (2·½)ⁿ = 1 exactly.
        var x = Tensor.Scalar(0.75, requiresGrad: true);
        var t = x;
        for (int i = 0; i < 100_000; i++) t = (t + t) * 0.5;

        t.Backward();

        Assert.Equal(0.75, t.Item());
        Assert.Equal(1.0, x.Grad!.Item());
    }

    /// <summary>y = x·c·c·…·c (N multiplications), built out of line so no JIT-extended local keeps an intermediate alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor Output, WeakReference Middle) Chain(Tensor x)
    {
        var t = x;
        WeakReference? middle = null;
        for (int i = 0; i < Depth; i++)
        {
            t = t * Factor;
            if (i == Depth / 2) middle = new WeakReference(t);
        }
        return (t, middle!);
    }
}
