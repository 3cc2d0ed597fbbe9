using System.Globalization;

namespace Autograd.Benchmarks;

/// <summary>
/// The warm-up workloads (--warmup): every side of every workload runs in fresh processes of this program (by default
/// 3 per side, ours and theirs alternating), timed from process start, and the table gives ranges over the runs of
/// each side and of the ratios of the runs paired in order. --one-core pins every child to CPU 0 (taskset -c 0), as a
/// container or CI runner with one core would.
/// </summary>
internal static class WarmupDriver
{
    private sealed record Options(bool OneCore, int Runs, double Seconds, List<string> Filters, bool AutogradOnly, List<(string Key, string Value)> Env);

    public static int Run(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: ... -- --warmup [--one-core] [--runs N] [--seconds S] [--filter mlp|poisson1k|bike|poisson1m]... [--autograd-only] [--env NAME=VALUE]...");
            return 2;
        }
        var workloads = WarmupWorkloads.All.Where(w => options.Filters.Count == 0
            ? w.Key != "poisson1m" || options.OneCore
            : options.Filters.Contains(w.Key)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Warm-up: {options.Runs} fresh processes per side, calls timed from process start for {options.Seconds} s, " +
            $"{(options.OneCore ? "one core (taskset -c 0)" : $"{Environment.ProcessorCount} cores")}" +
            $"{string.Concat(options.Env.Select(e => $", {e.Key}={e.Value}"))}; load average {LoadAverage()}"));
        var sides = options.AutogradOnly ? new[] { "ours" } : ["ours", "theirs"];
        var rows = new List<(string Title, List<WarmupResult> Ours, List<WarmupResult> Theirs)>();
        foreach (var (key, title) in workloads)
        {
            var results = sides.ToDictionary(s => s, _ => new List<WarmupResult>());
            for (int run = 0; run < options.Runs; run++)
                foreach (var side in sides)
                {
                    var result = RunChild(key, side, options);
                    if (result is null) return 1;
                    results[side].Add(result);
                    Console.WriteLine($"  {key,-10} {side,-6} run {run + 1}: {result.Format()}");
                }
            rows.Add((title, results["ours"], options.AutogradOnly ? [] : results["theirs"]));
        }
        Print(rows, options.OneCore);
        Console.WriteLine($"load average at the end {LoadAverage()}");
        return 0;
    }

    private static void Print(List<(string Title, List<WarmupResult> Ours, List<WarmupResult> Theirs)> rows, bool oneCore)
    {
        Console.WriteLine();
        Console.WriteLine($"| workload | ours, first {WarmupChild.FirstCalls} (µs) | theirs, first {WarmupChild.FirstCalls} (µs) | ours / theirs, first {WarmupChild.FirstCalls} " +
                          "| ours first / ours steady | ours steady (µs) | theirs steady (µs) | ours / theirs, steady " +
                          $"| ours / theirs after {WarmupChild.WarmedAfterMs / 1000:0.0} s | time to steady, ours (s) | time to steady, theirs (s) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (title, ours, theirs) in rows)
        {
            string Ratios(Func<WarmupResult, double?> f) => theirs.Count == 0 ? "" : Range(ours.Zip(theirs, (o, t) => f(o) / f(t)), "F2");
            Console.WriteLine($"| {title} | {Range(ours.Select(r => (double?)r.FirstMeanUs), "F1")} | {Range(theirs.Select(r => (double?)r.FirstMeanUs), "F1")} " +
                              $"| {Ratios(r => r.FirstMeanUs)} | {Range(ours.Select(r => (double?)(r.FirstMeanUs / r.SteadyUs)), "F1")} " +
                              $"| {Range(ours.Select(r => (double?)r.SteadyUs), "F1")} | {Range(theirs.Select(r => (double?)r.SteadyUs), "F1")} " +
                              $"| {Ratios(r => r.SteadyUs)} | {Ratios(r => r.WarmedMeanUs)} " +
                              $"| {Range(ours.Select(r => (double?)r.TimeToSteadyMs / 1000), "F1")} | {Range(theirs.Select(r => (double?)r.TimeToSteadyMs / 1000), "F1")} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Targets (issue 17): first {WarmupChild.FirstCalls} calls ours / theirs ≤ 0.5 (MLP step, PoissonNLLLoss 1,000); ours first / steady ≤ 3" +
                          (oneCore ? $"; one core: time to steady ≤ 1 s, MLP step ours / theirs after {WarmupChild.WarmedAfterMs / 1000:0.0} s ≤ 0.25" : "") +
                          $". Steady: median call of the last second; time to steady: end of the last 100 ms window whose median call exceeds {WarmupResult.SteadyTolerance} × steady.");
    }

    private static string Range(IEnumerable<double?> values, string format)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        if (present.Count == 0) return "–";
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return present.Count == 1 || present.Min() == present.Max() ? F(present[0]) : $"{F(present.Min())} – {F(present.Max())}";
    }

    private static WarmupResult? RunChild(string key, string side, Options options)
    {
        var (exitCode, output, errors) = ChildProcess.Run(
            ["--warmup-child", key, side, options.Seconds.ToString(CultureInfo.InvariantCulture)], options.OneCore, options.Env);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(WarmupChild.ResultPrefix, StringComparison.Ordinal));
        var result = line is null ? null : WarmupResult.Parse(line[WarmupChild.ResultPrefix.Length..]);
        if (result is null) Console.Error.WriteLine($"{key} {side}: the child failed (exit {exitCode}):\n{output}\n{errors}");
        return result;
    }

    private static Options? Parse(string[] args)
    {
        var o = new Options(false, 3, 0, [], false, []);
        double? seconds = null;
        for (int i = 0; i < args.Length; i++)
        {
            bool hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--one-core": o = o with { OneCore = true }; break;
                case "--autograd-only": o = o with { AutogradOnly = true }; break;
                case "--runs" when hasValue && int.TryParse(args[i + 1], out int runs) && runs > 0: o = o with { Runs = runs }; i++; break;
                case "--seconds" when hasValue && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double s) && s > 0: seconds = s; i++; break;
                case "--filter" when hasValue && WarmupWorkloads.All.Any(w => w.Key == args[i + 1]): o.Filters.Add(args[++i]); break;
                case "--env" when hasValue && args[i + 1].Contains('='):
                    var kv = args[++i].Split('=', 2);
                    o.Env.Add((kv[0], kv[1]));
                    break;
                default: return null;
            }
        }
        // On one core the issue measured steady state only after about 6 s: run long enough to see it.
        return o with { Seconds = seconds ?? (o.OneCore ? 8 : 3) };
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
