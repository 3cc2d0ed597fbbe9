namespace Autograd.Benchmarks;

/// <summary>
/// The workloads timed from process start, each the same code as its BenchmarkDotNet workload (its Prepare and its
/// benchmark method), without that workload's JIT warm-up.
/// </summary>
internal static class WarmupWorkloads
{
    /// <summary>Short names, in the order the driver runs them, with the names the tables print.</summary>
    public static readonly (string Key, string Title)[] All =
    [
        ("mlp", "MLP Adam step (16→32→1, batch 256)"),
        ("poisson1k", "PoissonNLLLoss fwd+bwd, 1,000"),
        ("bike", "Bike-sharing epoch"),
        ("poisson1m", "PoissonNLLLoss fwd+bwd, 1,000,000"),
    ];

    /// <summary>Builds one side ("ours" or "theirs") of a workload and returns the call to time.</summary>
    public static bool TryCreate(string key, string side, out Func<double> call)
    {
        bool ours = side == "ours";
        call = null!;
        if (!ours && side != "theirs") return false;
        switch (key)
        {
            case "mlp":
            {
                var b = new TrainingStepBenchmarks();
                if (ours) { b.PrepareOurs(); call = b.Ours; } else { b.PrepareTheirs(); call = b.Theirs; }
                return true;
            }
            case "poisson1k" or "poisson1m":
            {
                var b = new PoissonLossBenchmarks { N = key == "poisson1k" ? 1_000 : 1_000_000 };
                if (ours) { b.PrepareOurs(); call = b.Ours; } else { b.PrepareTheirs(); call = b.Theirs; }
                return true;
            }
            case "bike":
            {
                var b = new BikeSharingEpochBenchmarks();
                if (ours) { b.PrepareOurs(); call = b.Ours; } else { b.PrepareTheirs(); call = b.Theirs; }
                return true;
            }
            default:
                return false;
        }
    }
}
