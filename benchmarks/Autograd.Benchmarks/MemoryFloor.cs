using System.Diagnostics;
using BenchmarkDotNet.Reports;

namespace Autograd.Benchmarks;

/// <summary>
/// The bandwidth floor of PoissonNLLLoss forward+backward at 1M elements: the bytes that must move (read x and t,
/// write dL/dx: 3 × 8 MB) divided by this machine's measured single-thread copy bandwidth.
/// </summary>
internal static class MemoryFloor
{
    private const int Elements = 1_000_000;
    private const double BytesThatMustMove = 3.0 * Elements * sizeof(double);

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

    public static void Print(IEnumerable<BenchmarkReport> reports)
    {
        var ours = reports.FirstOrDefault(r => RatioTable.IsOurs(r) && RatioTable.Workload(r).StartsWith("PoissonNLLLoss", StringComparison.Ordinal)
                                             && r.BenchmarkCase.Parameters.DisplayInfo.Contains("1000000", StringComparison.Ordinal));
        double bandwidth = CopyBandwidth();
        double floorNs = BytesThatMustMove / bandwidth * 1e9;
        Console.WriteLine();
        Console.WriteLine($"Memory floor, PoissonNLLLoss fwd+bwd at 1M: {BytesThatMustMove / 1e6:0} MB must move; copy bandwidth {bandwidth / 1e9:0.0} GB/s; floor {RatioTable.Time(floorNs)}");
        if (ours?.ResultStatistics is { } s)
            Console.WriteLine($"Autograd median {RatioTable.Time(s.Median)} = {s.Median / floorNs:0.00} × the floor (target ≤ 3)");
    }
}
