using System.Globalization;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Autograd.Benchmarks;

/// <summary>Configures BenchmarkDotNet, runs the selected workloads and prints the ratio table.</summary>
internal static class BenchmarkProgram
{
    private static readonly Type[] Workloads =
    [
        typeof(TrainingStepBenchmarks), typeof(PoissonLossBenchmarks), typeof(MatMulBenchmarks),
        typeof(LinearBackwardBenchmarks), typeof(PerOpBenchmarks), typeof(BikeSharingEpochBenchmarks),
        typeof(SiluMlpBenchmarks),
    ];

    public static int Run(RunOptions options)
    {
        string? torchFailure = options.AutogradOnly ? "skipped (--autograd-only)" : TorchProbe.Failure();
        Console.WriteLine(torchFailure is null
            ? $"TorchSharp loaded: {TorchProbe.Describe()}"
            : $"TorchSharp unavailable, running Autograd alone: {torchFailure}");

        // Full runs give every benchmark its own process, so that libtorch's spinning OpenMP workers from one case
        // cannot steal a core from the next; --quick runs everything in this process (no build step).
        var job = (options.Quick ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance) : Job.Default)
            .WithLaunchCount(1)
            .WithWarmupCount(options.Quick ? 2 : 5)
            .WithIterationCount(options.Quick ? 5 : 21)
            .WithIterationTime(TimeInterval.FromMilliseconds(options.Quick ? 60 : 120))
            // Dynamic PGO off, on both sides: with it on, some runs left System.Numerics.Tensors code at an intermediate
            // JIT tier for the whole measurement (PoissonNLLLoss at 1,000 elements took 6 µs or 46 µs depending on the run).
            .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TieredPGO", "0"));
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, CategoriesColumn.Default)
            .WithOption(ConfigOptions.JoinSummary, true)
            .WithOption(ConfigOptions.DisableLogFile, true)
            .AddFilter(new SimpleFilter(b => torchFailure is null || !b.Descriptor.HasCategory(Sides.Torch)));
        if (options.Filters.Count > 0)
            config = config.AddFilter(new SimpleFilter(b => options.Filters.Any(f =>
                b.Descriptor.Type.Name.Contains(f, StringComparison.OrdinalIgnoreCase)
                || b.Descriptor.Categories.Any(c => c.Contains(f, StringComparison.OrdinalIgnoreCase)))));

        var summaries = BenchmarkRunner.Run(Workloads, config);
        Console.WriteLine();
        Console.WriteLine(MachineFacts());
        var reports = summaries.SelectMany(s => s.Reports).ToList();
        RatioTable.Print(reports);
        if (reports.Any(r => RatioTable.Category(r) == PoissonLossBenchmarks.Category))
            MemoryFloor.Print(reports);
        return 0;
    }

    /// <summary>The 1-minute load average: other processes on a 2-core machine skew multi-threaded timings (libtorch's most).</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string MachineFacts()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"Machine: {cpu}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, " +
            $"Vector512 {(Vector512.IsHardwareAccelerated ? "yes" : "no")}, Vector256 {(Vector256.IsHardwareAccelerated ? "yes" : "no")}, " +
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
    }
}
