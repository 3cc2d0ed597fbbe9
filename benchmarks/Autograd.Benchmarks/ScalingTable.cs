using System.Diagnostics;
using System.Globalization;
using Autograd.Nn;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>
/// <c>--scaling</c>: the MLP Adam step of workload 1 (16 → width → 1, ReLU, PoissonNLLLoss, Adam) at every batch size
/// 32 … 16,384 and width 32 … 512, per sample, both sides. One fresh process per width and side (so libtorch's threads
/// never share a process with ours) runs the batches in ascending order: each is warmed for a fixed time, then timed for
/// a fixed time, and the median call divided by the batch is its cost per sample. The table flags every point where our
/// cost per sample rises by more than 20 % as the batch doubles (issue 17's "no cliff").
/// </summary>
internal static class ScalingTable
{
    private const string Prefix = "SCALING";
    private static readonly int[] Widths = [32, 64, 128, 256, 512];
    private static readonly int[] Batches = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];

    /// <summary>The driver: <c>--scaling [--autograd-only]</c>.</summary>
    public static int Run(string[] args)
    {
        bool oursOnly = args.Contains("--autograd-only");
        string? torch = oursOnly ? "skipped" : TorchProbe.Failure();
        var ours = new Dictionary<(int, int), double>();
        var theirs = new Dictionary<(int, int), double>();
        foreach (int width in Widths)
        {
            Collect(width, "ours", ours);
            if (torch is null) Collect(width, "theirs", theirs);
        }
        Console.WriteLine($"MLP Adam step 16 → width → 1, µs per sample (median call / batch); ours / theirs in brackets; * = ours rises > 20 % from the half batch. Load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
        Console.WriteLine();
        Console.WriteLine("| batch | " + string.Join(" | ", Widths.Select(w => $"width {w}")) + " |");
        Console.WriteLine("|---|" + string.Concat(Widths.Select(_ => "---|")));
        for (int i = 0; i < Batches.Length; i++)
        {
            int batch = Batches[i];
            var cells = Widths.Select(w =>
            {
                double o = ours[(w, batch)];
                bool cliff = i > 0 && o > 1.2 * ours[(w, Batches[i - 1])];
                string ratio = theirs.TryGetValue((w, batch), out double t) ? $" ({o / t:F2})" : "";
                return string.Create(CultureInfo.InvariantCulture, $"{o:F3}{(cliff ? "*" : "")}{ratio}");
            });
            Console.WriteLine($"| {batch:N0} | {string.Join(" | ", cells)} |");
        }
        return 0;
    }

    private static void Collect(int width, string side, Dictionary<(int, int), double> into)
    {
        var (exitCode, output, errors) = ChildProcess.Run(
            ["--scaling-child", width.ToString(CultureInfo.InvariantCulture), side], oneCore: false, [("DOTNET_TieredPGO", "0")]);
        foreach (var line in output.Split('\n').Where(l => l.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var f = line.Split(' ');
            into[(width, int.Parse(f[1], CultureInfo.InvariantCulture))] = double.Parse(f[2], CultureInfo.InvariantCulture);
        }
        if (exitCode != 0) Console.Error.WriteLine($"width {width} {side}: exit {exitCode}\n{errors}");
    }

    /// <summary>The child: <c>--scaling-child WIDTH ours|theirs</c>; prints one line per batch.</summary>
    public static int Child(string[] args)
    {
        int width = int.Parse(args[0], CultureInfo.InvariantCulture);
        bool ours = args[1] == "ours";
        foreach (int batch in Batches)
        {
            var r = new Random(3);
            var counts = TrainingStepBenchmarks.Counts(batch, r);
            Func<double> step;
            if (ours)
            {
                var training = new AutogradTraining(new Sequential(new Linear(16, width, random: r), new ReLU(), new Linear(width, 1, random: r)), lr: 1e-3);
                var x = Tensor.Randn([batch, 16], r);
                var t = Tensor.FromArray(counts, [batch, 1]);
                step = () => training.TrainStep(x, t);
            }
            else
            {
                var training = new TorchMlp(16, width);
                var x = torch.randn(batch, 16, dtype: torch.float64);
                var t = torch.tensor(counts, batch, 1, dtype: torch.float64);
                step = () => training.TrainStep(x, t);
            }
            // Warm: at least 0.3 s (the first batch also pays the JIT), then the median of at least 0.3 s of calls.
            Time(step, batch == Batches[0] ? 1.5 : 0.3);
            double median = Time(step, 0.3);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Prefix} {batch} {median / batch:R}"));
        }
        return 0;
    }

    /// <summary>Calls <paramref name="step"/> for at least the given time (and 5 calls); returns the median call in µs.</summary>
    private static double Time(Func<double> step, double seconds)
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        while (times.Count < 5 || clock.Elapsed.TotalSeconds < seconds)
        {
            long before = Stopwatch.GetTimestamp();
            step();
            times.Add(Stopwatch.GetElapsedTime(before).TotalMicroseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
