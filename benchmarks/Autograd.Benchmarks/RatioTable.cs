using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Autograd.Benchmarks;

/// <summary>Pairs the Autograd and TorchSharp measurements of each workload and prints ours/theirs medians.</summary>
internal static class RatioTable
{
    /// <summary>Workload label of a report: its non-side category plus its parameter values.</summary>
    public static string Workload(BenchmarkReport r)
    {
        string parameters = r.BenchmarkCase.Parameters.DisplayInfo;
        return parameters.Length == 0 ? Category(r) : $"{Category(r)} {parameters}";
    }

    /// <summary>The workload's category of a report (the one that is not a side).</summary>
    public static string Category(BenchmarkReport r) =>
        r.BenchmarkCase.Descriptor.Categories.First(c => c is not (Sides.Autograd or Sides.Torch));

    /// <summary>The size parameter N of a report, or null for a workload without one.</summary>
    public static int? Size(BenchmarkReport r) =>
        r.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value as int?;

    /// <summary>True for the Autograd side of a workload.</summary>
    public static bool IsOurs(BenchmarkReport r) => r.BenchmarkCase.Descriptor.HasCategory(Sides.Autograd);

    public static void Print(IEnumerable<BenchmarkReport> reports)
    {
        var rows = reports.Where(r => r.ResultStatistics is not null).GroupBy(Workload);
        Console.WriteLine();
        Console.WriteLine($"{"Workload",-44} {"ours/theirs",12} {"ours",12} {"theirs",12} {"ours alloc/op",14}");
        foreach (var g in rows)
        {
            var ours = g.FirstOrDefault(IsOurs);
            var theirs = g.FirstOrDefault(r => !IsOurs(r));
            double? o = ours?.ResultStatistics!.Median, t = theirs?.ResultStatistics!.Median;
            string ratio = o is { } a && t is { } b ? (a / b).ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
            long? alloc = ours?.GcStats.GetBytesAllocatedPerOperation(ours.BenchmarkCase);
            Console.WriteLine($"{g.Key,-44} {ratio,12} {Time(o),12} {Time(t),12} {Bytes(alloc),14}");
        }
        Console.WriteLine("(medians; ratio < 1 means Autograd is faster)");
    }

    public static string Time(double? ns) => ns switch
    {
        null => "-",
        < 1e3 => $"{ns:0.0} ns",
        < 1e6 => $"{ns / 1e3:0.0} µs",
        _ => $"{ns / 1e6:0.00} ms",
    };

    private static string Bytes(long? b) => b switch
    {
        null => "-",
        < 10_000 => $"{b} B",
        < 10_000_000 => $"{b / 1024.0:0.0} KiB",
        _ => $"{b / 1048576.0:0.0} MiB",
    };
}
