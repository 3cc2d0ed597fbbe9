using Autograd.Nn;

namespace Autograd.Tests.Nn.Layers;

/// <summary>
/// One Dropout module shared by several threads (e.g. an inference server that left the model in training mode, or
/// data-parallel workers): its generator must survive concurrent draws, as PyTorch's locked generator does.
/// </summary>
public class DropoutConcurrencyTests
{
    private const int Threads = 8;

    /// <summary>Whether the number of zeros in <paramref name="y"/> is within 6 standard deviations of n·p.</summary>
    private static bool Plausible(Tensor y, double p)
    {
        int zeros = 0;
        foreach (double v in y.Span) if (v == 0) zeros++;
        return Math.Abs(zeros - y.Count * p) <= 6 * Math.Sqrt(y.Count * p * (1 - p));
    }

    /// <summary>Zeros in one training-mode call on n ones, and whether that count is plausible for p.</summary>
    private static (int Zeros, bool Plausible) DropCount(Dropout dropout, int n)
    {
        var y = dropout.Forward(Tensor.Ones(n));
        int zeros = 0;
        foreach (double v in y.Span) if (v == 0) zeros++;
        return (zeros, Plausible(y, dropout.P));
    }

    [Theory]
    [InlineData(true, 5)]    // the seeded generator (Random's legacy algorithm) is the one a race breaks
    [InlineData(false, 1)]
    public void EightThreadsHammeringOneDropoutLeaveItsDropFractionAtP(bool seeded, int rounds)
    {
        // An unlocked System.Random loses its state to a data race only now and then (then returns 0 forever, so every
        // element is dropped): hammer in rounds of 8 threads and check the drop fraction after each round.
        var dropout = new Dropout(0.3, seeded ? new Random(11) : null);
        var x = Tensor.Ones(100_000);
        for (int round = 0; round < rounds; round++)
        {
            using var start = new Barrier(Threads);
            int implausible = 0;
            var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < 30; i++)
                    if (!Plausible(dropout.Forward(x), dropout.P)) Interlocked.Increment(ref implausible);
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();

            var (zeros, plausible) = DropCount(dropout, 200_000);
            Assert.True(plausible, $"after round {round} of concurrent use, {zeros:N0} of 200,000 elements were dropped; p = 0.3 expects about 60,000");
            Assert.Equal(0, implausible);
        }
    }

    [Fact]
    public void ASeededDropoutUsedFromOneThreadStillRepeatsItsMasks()
    {
        var x = Tensor.Ones(500);
        var a = new Dropout(0.4, new Random(21));
        var b = new Dropout(0.4, new Random(21));
        for (int i = 0; i < 3; i++) Assert.Equal(a.Forward(x).ToArray(), b.Forward(x).ToArray());
    }

    [Fact]
    public void TheSeededMaskIsTheOneTheGeneratorDraws()
    {
        // The draw order is part of the determinism contract: element i is kept when the i-th NextDouble() ≥ p.
        var reference = new Random(5);
        var y = new Dropout(0.25, new Random(5)).Forward(Tensor.Ones(300));
        for (int i = 0; i < 300; i++)
            Assert.Equal(reference.NextDouble() >= 0.25 ? 1 / 0.75 : 0.0, y.Span[i]);
    }
}
