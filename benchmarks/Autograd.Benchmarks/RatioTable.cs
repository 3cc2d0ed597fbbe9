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

    /// <summary>Prints one row per workload and size: ratio, both medians, Autograd's allocation, the target and whether it was met.</summary>
    public static void Print(IEnumerable<BenchmarkReport> reports)
    {
        var rows = reports.Where(r => r.ResultStatistics is not null).GroupBy(Workload);
        Console.WriteLine();
        Console.WriteLine($"{"Workload",-44} {"ours/theirs",12} {"ours",12} {"theirs",12} {"ours alloc/op",14} {"target",8} {"met?",5}");
        foreach (var g in rows)
        {
            var ours = g.FirstOrDefault(IsOurs);
            var theirs = g.FirstOrDefault(r => !IsOurs(r));
            double? o = ours?.ResultStatistics!.Median, t = theirs?.ResultStatistics!.Median;
            double? ratio = o is { } a && t is { } b ? a / b : null;
            long? alloc = ours?.GcStats.GetBytesAllocatedPerOperation(ours.BenchmarkCase);
            double? target = Targets.Ratio(g.First());
            string met = ratio is { } q && target is { } limit ? (q <= limit ? "yes" : "no") : "-";
            Console.WriteLine($"{g.Key,-44} {Ratio(ratio),12} {Time(o),12} {Time(t),12} {Bytes(alloc),14} {Limit(target),8} {met,5}");
        }
        Console.WriteLine("(medians; ratio < 1 means Autograd is faster; met? compares the ratio with the target)");
    }

    /// <summary>"≤ 0.25" for a target, "-" for none.</summary>
    public static string Limit(double? target) =>
        target is { } t ? "≤ " + t.ToString("0.0##", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? ratio) => ratio is { } q ? q.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

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
