using System.Text;

namespace Autograd.Tests.Reliability;

/// <summary>
/// Independent graphs built and backpropagated on eight threads at once give bit-identical gradients to the same work
/// done sequentially: the engine has no shared mutable state.
/// </summary>
public sealed class ConcurrentGraphTests
{
    private const int Threads = 8;
    private const int GraphsPerThread = 40;

    [Fact]
    public void EightThreadsGiveBitIdenticalGradientsToTheSequentialRun()
    {
        var sequential = Enumerable.Range(0, Threads).Select(Work).ToArray();

        var concurrent = new string?[Threads];
        var failures = new Exception?[Threads];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                concurrent[i] = Work(i);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        Assert.All(failures, Assert.Null);
        for (int i = 0; i < Threads; i++)
            Assert.True(sequential[i] == concurrent[i], $"thread {i}: gradients differ from the sequential run");
    }

    [Fact]
    public async Task EightThreadsTakingGradientsOfOneSharedModelMatchTheSequentialRun()
    {
        // A service's pattern: one model, a graph per request, Autodiff.Grad (which never writes the shared leaves' Grad).
        var model = new RawMlp(inputs: 6, hidden: 16, new Random(5));
        var batches = Enumerable.Range(0, Threads).Select(i => RawMlp.Batch(32, 6, new Random(100 + i))).ToArray();
        string Request(int i)
        {
            var bits = new StringBuilder();
            for (int k = 0; k < GraphsPerThread; k++)
                foreach (var g in Autodiff.Grad(RawMlp.Loss(model.Forward(batches[i].X), batches[i].Target), model.Parameters))
                    Append(bits, g!);
            return bits.ToString();
        }

        var sequential = Enumerable.Range(0, Threads).Select(Request).ToArray();
        using var start = new Barrier(Threads);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, Threads)
            .Select(i => Task.Factory.StartNew(() => { start.SignalAndWait(); return Request(i); }, TaskCreationOptions.LongRunning)));

        for (int i = 0; i < Threads; i++)
            Assert.True(sequential[i] == concurrent[i], $"request {i}: gradients differ from the sequential run");
        Assert.All(model.Parameters, p => Assert.Null(p.Grad));
    }

    [Fact]
    public void EightThreadsBackpropagatingIntoSharedLeavesLoseNoGradient()
    {
        // Each thread backpropagates Σ kᵢ·w (and Σ w² at w = 0.5) into the same leaf w many times; all gradients are small
        // integers or halves, so every order of accumulation gives exactly the same sum.
        const int Passes = 300;
        var w = Tensor.Full([256], 0.5, requiresGrad: true);
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(1, Threads).Select(k => new Thread(() =>
        {
            start.SignalAndWait();
            for (int pass = 0; pass < Passes; pass++) ((w * (double)k).Sum() + (w * w).Sum()).Backward();
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        double expected = Passes * (Threads * (Threads + 1) / 2 + Threads * 1.0);   // Σₖ k per pass, plus 2w = 1 per pass and thread
        Assert.All(w.Grad!.ToArray(), g => Assert.Equal(expected, g));
    }

    /// <summary>
    /// One worker's job: fresh model and batches from its own seed; every graph backpropagated, every gradient bit recorded.
    /// Even workers also evaluate under NoGrad and odd ones take a second-order gradient, so a recording switch leaking
    /// from one thread to another would change (or break) the others' results.
    /// </summary>
    private static string Work(int worker)
    {
        var random = new Random(1000 + worker);
        var model = new RawMlp(inputs: 6, hidden: 16, random);
        var bits = new StringBuilder();
        for (int g = 0; g < GraphsPerThread; g++)
        {
            var (x, t) = RawMlp.Batch(32, 6, random);
            if (worker % 2 == 0)
            {
                using (Tensor.NoGrad())
                {
                    var eval = RawMlp.Loss(model.Forward(x), t);
                    if (eval.GradFn is not null) throw new InvalidOperationException("an op was recorded under NoGrad");
                    Append(bits, eval);
                }
            }
            var loss = RawMlp.Loss(model.Forward(x), t);
            if (worker % 2 == 1)
            {
                var w1 = model.Parameters[0];
                var first = Autodiff.Grad(loss, [w1], createGraph: true)[0]!;
                Append(bits, Autodiff.Grad(first.Pow(2).Sum(), [w1])[0]!);
            }
            else
            {
                loss.Backward();
            }
            foreach (var p in model.Parameters)
            {
                if (p.Grad is { } grad) Append(bits, grad);
                p.ZeroGrad();
            }
        }
        return bits.ToString();
    }

    private static void Append(StringBuilder bits, Tensor t) => bits.Append(BitPattern.Of(t)).Append('\n');
}
