using System.Diagnostics;
using BenchmarkDotNet.Reports;

namespace Autograd.Benchmarks;

/// <summary>
/// The bandwidth floor of PoissonNLLLoss forward+backward at 1M and 10M elements: the bytes that must move (read x and
/// t, write dL/dx: 24 bytes per element) divided by this machine's measured single-thread copy bandwidth.
/// </summary>
internal static class MemoryFloor
{
    private const int BytesPerElement = 3 * sizeof(double);
    private static readonly int[] Sizes = [1_000_000, 10_000_000];

    /// <summary>Bytes per second of a large single-thread array copy (read + write), best of several runs.</summary>
    public static double CopyBandwidth()
    {
        var src = new double[8 * 1024 * 1024];  // 64 MiB, far beyond the caches
        var dst = new double[src.Length];
        src.AsSpan().Fill(1.0);
        double best = double.MaxValue;
        for (int run = 0; run < 15; run++)
        {
            long start = Stopwatch.GetTimestamp();
            src.AsSpan().CopyTo(dst);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return 2.0 * src.Length * sizeof(double) / best;
    }

    /// <summary>Prints the floor at each size and Autograd's measured median there as a multiple of it.</summary>
    public static void Print(IEnumerable<BenchmarkReport> reports)
    {
        var ours = reports.Where(r => RatioTable.IsOurs(r) && RatioTable.Category(r) == PoissonLossBenchmarks.Category).ToList();
        double bandwidth = CopyBandwidth();
        Console.WriteLine();
        Console.WriteLine($"Memory floor, PoissonNLLLoss fwd+bwd: {BytesPerElement} bytes per element must move (read x and t, write dL/dx); copy bandwidth {bandwidth / 1e9:0.0} GB/s");
        foreach (int n in Sizes)
        {
            double bytes = (double)BytesPerElement * n;
            double floorNs = bytes / bandwidth * 1e9;
            string label = $"{n / 1_000_000}M";
            var measured = ours.FirstOrDefault(r => RatioTable.Size(r) == n)?.ResultStatistics;
            string result = measured is { } s
                ? $"Autograd median {RatioTable.Time(s.Median)} = {s.Median / floorNs:0.00} × the floor "
                  + $"(target {RatioTable.Limit(Targets.FloorMultiple)}, met? {(s.Median / floorNs <= Targets.FloorMultiple ? "yes" : "no")})"
                : $"Autograd not measured (target {RatioTable.Limit(Targets.FloorMultiple)} × the floor)";
            Console.WriteLine($"  at {label,3}: {bytes / 1e6:0} MB, floor {RatioTable.Time(floorNs)}; {result}");
        }
    }
}
