using System.Diagnostics;
using System.Globalization;

namespace Autograd.Benchmarks;

/// <summary>
/// One side of one warm-up workload in a fresh process (started by <see cref="WarmupDriver"/>): builds the workload,
/// then calls it back to back, timing every call, until a fixed time after the process started, and prints one result
/// line. Nothing is warmed first: the first calls pay for the JIT exactly as a user's program does.
/// </summary>
internal static class WarmupChild
{
    /// <summary>The prefix of the line the driver parses.</summary>
    public const string ResultPrefix = "WARMUP-RESULT";

    /// <summary>The calls averaged as the first calls.</summary>
    public const int FirstCalls = 200;

    /// <summary>When the "after a warm-up" window starts, in milliseconds from process start.</summary>
    public const double WarmedAfterMs = 1500;

    /// <summary>args: workload side seconds. Returns the exit code.</summary>
    public static int Run(string[] args)
    {
        long mainStart = Stopwatch.GetTimestamp();
        // How long the process had run when Main started (runtime start-up, assembly loading): calls are timed from process start.
        double startupMs = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        if (args.Length != 3 || !WarmupWorkloads.TryCreate(args[0], args[1], out var call)
            || !double.TryParse(args[2], CultureInfo.InvariantCulture, out double seconds))
        {
            Console.Error.WriteLine("usage: --warmup-child WORKLOAD ours|theirs SECONDS");
            return 2;
        }
        double SinceStart(long timestamp) => startupMs + Stopwatch.GetElapsedTime(mainStart, timestamp).TotalMilliseconds;

        double setupDoneMs = SinceStart(Stopwatch.GetTimestamp());
        var jitAtSetup = JitFigures.Now();
        Mark.SetupDone();
        var starts = new List<double>(1 << 16);
        var durations = new List<double>(1 << 16);
        double sink = 0;
        var jit = new JitFigures(0, 0, 0, 0);
        while (starts.Count < FirstCalls || starts[^1] < seconds * 1000)
        {
            long before = Stopwatch.GetTimestamp();
            sink += call();
            long after = Stopwatch.GetTimestamp();
            starts.Add(SinceStart(before));
            durations.Add(Stopwatch.GetElapsedTime(before, after).TotalMilliseconds * 1000);
            if (starts.Count == FirstCalls) { jit = JitFigures.Now() - jitAtSetup; Mark.FirstCallsDone(); }
        }
        var result = WarmupResult.From(startupMs, setupDoneMs, starts, durations, jit);
        Console.WriteLine($"{ResultPrefix} {result.Format()} sink={sink.ToString("R", CultureInfo.InvariantCulture)}");
        return 0;
    }
}

/// <summary>
/// Two empty methods whose compilation marks, in a trace of JIT events (dotnet-trace --clrevents jit), where the setup
/// ended and where the first 200 calls ended.
/// </summary>
internal static class Mark
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void SetupDone() { }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void FirstCallsDone() { }
}

/// <summary>
/// The runtime's own JIT counters over the first 200 calls (from the end of the setup): time the JIT took on this (the
/// calling) thread and on all threads (the others are the background tier-1 compiles), and methods compiled on each.
/// </summary>
internal sealed record JitFigures(double ThreadMs, double AllMs, long ThreadMethods, long AllMethods)
{
    public static JitFigures operator -(JitFigures a, JitFigures b) =>
        new(a.ThreadMs - b.ThreadMs, a.AllMs - b.AllMs, a.ThreadMethods - b.ThreadMethods, a.AllMethods - b.AllMethods);

    public static JitFigures Now() => new(
        System.Runtime.JitInfo.GetCompilationTime(currentThread: true).TotalMilliseconds,
        System.Runtime.JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds,
        System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true),
        System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false));
}

/// <summary>What one fresh process measured; times in microseconds, instants in milliseconds from process start.</summary>
internal sealed record WarmupResult(
    double StartupMs, double SetupDoneMs, double FirstCallUs, double FirstMeanUs, double SteadyUs, double? WarmedMeanUs,
    double TimeToSteadyMs, int Calls, JitFigures Jit)
{
    /// <summary>A window's median may exceed the steady time by this factor and still count as steady.</summary>
    public const double SteadyTolerance = 1.25;

    private const double WindowMs = 100, SteadyWindowMs = 1000;

    /// <summary>
    /// Steady time: median call of the last second. Time to steady state: the end of the last 100 ms window (by call
    /// start) whose median call exceeds 1.25 × the steady time. Warmed mean: the first 200 calls that start at or after
    /// 1.5 s from process start (null if the run ended before 200 of them).
    /// </summary>
    public static WarmupResult From(double startupMs, double setupDoneMs, List<double> starts, List<double> durations, JitFigures jit)
    {
        int n = starts.Count;
        double firstMean = durations.Take(WarmupChild.FirstCalls).Average();
        double end = starts[^1];
        var last = Enumerable.Range(0, n).Where(i => starts[i] >= end - SteadyWindowMs).Select(i => durations[i]).ToList();
        if (last.Count < 20) last = durations.Skip(n - Math.Max(1, n / 5)).ToList();
        double steady = Median(last);

        int firstWarmed = starts.FindIndex(s => s >= WarmupChild.WarmedAfterMs);
        double? warmed = firstWarmed >= 0 && n - firstWarmed >= WarmupChild.FirstCalls
            ? durations.Skip(firstWarmed).Take(WarmupChild.FirstCalls).Average() : null;

        double timeToSteady = starts[0];
        bool show = Environment.GetEnvironmentVariable("WARMUP_WINDOWS") == "1";
        foreach (var window in Enumerable.Range(0, n).GroupBy(i => Math.Floor(starts[i] / WindowMs)))
        {
            double median = Median(window.Select(i => durations[i]).ToList());
            if (show) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"window {window.Key * WindowMs:F0} ms: {window.Count()} calls, median {median:F1} µs"));
            if (median > SteadyTolerance * steady) timeToSteady = (window.Key + 1) * WindowMs;
        }
        return new WarmupResult(startupMs, setupDoneMs, durations[0], firstMean, steady, warmed, timeToSteady, n, jit);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>key=value pairs, invariant culture; "-" for a missing warmed mean.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"startup={StartupMs:F1} setup={SetupDoneMs:F1} call1={FirstCallUs:F0} first={FirstMeanUs:F2} steady={SteadyUs:F2} " +
        $"warmed={(WarmedMeanUs is { } w ? w.ToString("F2", CultureInfo.InvariantCulture) : "-")} toSteady={TimeToSteadyMs:F0} calls={Calls} " +
        $"jitMs={Jit.ThreadMs:F1} jitAllMs={Jit.AllMs:F1} jitN={Jit.ThreadMethods} jitAllN={Jit.AllMethods}");

    /// <summary>Parses a line written by <see cref="Format"/> (after the prefix); null if it is not one.</summary>
    public static WarmupResult? Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2))
            .Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        double Get(string key) => double.Parse(fields[key], CultureInfo.InvariantCulture);
        try
        {
            return new WarmupResult(Get("startup"), Get("setup"), Get("call1"), Get("first"), Get("steady"),
                fields["warmed"] == "-" ? null : Get("warmed"), Get("toSteady"), (int)Get("calls"),
                new JitFigures(Get("jitMs"), Get("jitAllMs"), (long)Get("jitN"), (long)Get("jitAllN")));
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException)
        {
            return null;
        }
    }
}
