using BenchmarkDotNet.Reports;

namespace Autograd.Benchmarks;

/// <summary>
/// What each workload should reach: the largest ours/theirs ratio of medians that counts as met, and for PoissonNLLLoss
/// the largest multiple of the memory floor. A workload (or size) without an entry has no target.
/// </summary>
internal static class Targets
{
    /// <summary>The largest multiple of the memory floor that Autograd's PoissonNLLLoss median may reach, at 1M and 10M.</summary>
    public const double FloorMultiple = 2.0;

    private static readonly Dictionary<(string Category, int? Size), double> Ratios = new()
    {
        [(TrainingStepBenchmarks.Category, null)] = 0.25,
        [(PoissonLossBenchmarks.Category, 1_000)] = 0.2,   // unchanged from the README's results table
        [(PoissonLossBenchmarks.Category, 1_000_000)] = 0.3,
        [(PoissonLossBenchmarks.Category, 10_000_000)] = 0.3,
        [(MatMulBenchmarks.Category, 256)] = 1.0,          // issue 17: at least OpenBLAS's speed from 256³ up
        [(MatMulBenchmarks.Category, 512)] = 1.0,
        [(MatMulBenchmarks.Category, 1024)] = 1.0,
        [(LinearBackwardBenchmarks.Category, null)] = 0.8,  // issue 17
        [(PerOpBenchmarks.Category, null)] = 0.03,
        [(BikeSharingEpochBenchmarks.Category, null)] = 0.5,
        [(SiluMlpBenchmarks.Category, null)] = 0.5,
    };

    /// <summary>The largest ours/theirs ratio that meets the target of a report's workload and size, or null for none.</summary>
    public static double? Ratio(BenchmarkReport r) =>
        Ratios.TryGetValue((RatioTable.Category(r), RatioTable.Size(r)), out double target) ? target : null;
}
