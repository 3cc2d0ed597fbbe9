using System.Diagnostics;

namespace Autograd.Benchmarks;

/// <summary>
/// Runs a workload until its code has been recompiled at the top JIT tier. BenchmarkDotNet's own warm-up counts
/// iterations, and for workloads of several milliseconds it settles on one call per iteration: about 30 calls in all,
/// too few for tiered compilation to promote code that it only reaches in a loop (System.Numerics.Tensors' kernels, for
/// one), so the measurement would time tier-0 code. Called from every GlobalSetup, on both sides.
/// </summary>
internal static class JitWarmup
{
    public static void Run(Func<double> workload)
    {
        var clock = Stopwatch.StartNew();
        // At least 1.5 s, not a fixed count: 200 calls of a 10 µs workload end inside the runtime's 100 ms tiering delay.
        for (int calls = 0; calls < 64 || clock.ElapsedMilliseconds < 1500; calls++) workload();
    }
}
