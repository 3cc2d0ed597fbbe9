using System.Globalization;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>
/// Workload 5: one epoch of Adam over the UCI bike-sharing hourly data (17,379 rows): 12 standardized features
/// (season, yr, mnth, hr, holiday, weekday, workingday, weathersit, temp, atemp, hum, windspeed) → 64 ReLU → 1 log-rate,
/// PoissonNLLLoss against the hourly count, mini-batches of 128 in a fixed shuffled order.
/// </summary>
[CategoriesColumn]
public class BikeSharingEpochBenchmarks
{
    private const int Features = 12, Hidden = 64, BatchSize = 128;
    private AutogradMlp _ours = null!;
    private (Tensor X, Tensor T)[] _batches = [];
    private TorchMlp _theirs = null!;
    private (torch.Tensor X, torch.Tensor T)[] _tbatches = [];

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        _ours = new AutogradMlp(Features, Hidden, new Random(5));
        _batches = [.. Batches().Select(b => (Tensor.FromArray(b.X, [b.Rows, Features]), Tensor.FromArray(b.T, [b.Rows, 1])))];
        JitWarmup.Run(Ours);
    }

    [GlobalSetup(Target = nameof(Theirs))]
    public void SetupTheirs()
    {
        _theirs = new TorchMlp(Features, Hidden);
        _tbatches = [.. Batches().Select(b => (torch.tensor(b.X, b.Rows, Features, dtype: torch.float64), torch.tensor(b.T, b.Rows, 1, dtype: torch.float64)))];
        JitWarmup.Run(Theirs);
    }

    [Benchmark, BenchmarkCategory("Bike-sharing epoch", Sides.Autograd)]
    public double Ours()
    {
        double last = 0;
        foreach (var (x, t) in _batches) last = _ours.TrainStep(x, t);
        return last;
    }

    [Benchmark, BenchmarkCategory("Bike-sharing epoch", Sides.Torch)]
    public double Theirs()
    {
        double last = 0;
        foreach (var (x, t) in _tbatches) last = _theirs.TrainStep(x, t);
        return last;
    }

    private static IEnumerable<(int Rows, double[] X, double[] T)> Batches()
    {
        var (x, t) = Load();
        int n = t.Length;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(6).Shuffle(order);
        for (int start = 0; start < n; start += BatchSize)
        {
            int rows = Math.Min(BatchSize, n - start);
            var bx = new double[rows * Features];
            var bt = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                Array.Copy(x, order[start + i] * Features, bx, i * Features, Features);
                bt[i] = t[order[start + i]];
            }
            yield return (rows, bx, bt);
        }
    }

    /// <summary>Reads ../shared/data/bike-sharing/hour.csv (searched upwards from the working directory), standardizes the features.</summary>
    private static (double[] X, double[] T) Load()
    {
        var lines = File.ReadAllLines(FindData()).Skip(1).Where(l => l.Length > 0).ToArray();
        var x = new double[lines.Length * Features];
        var t = new double[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            for (int j = 0; j < Features; j++) x[i * Features + j] = double.Parse(f[2 + j], CultureInfo.InvariantCulture);
            t[i] = double.Parse(f[16], CultureInfo.InvariantCulture);
        }
        for (int j = 0; j < Features; j++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < t.Length; i++) mean += x[i * Features + j];
            mean /= t.Length;
            for (int i = 0; i < t.Length; i++) sq += Math.Pow(x[i * Features + j] - mean, 2);
            double sd = Math.Sqrt(sq / t.Length);
            for (int i = 0; i < t.Length; i++) x[i * Features + j] = (x[i * Features + j] - mean) / (sd > 0 ? sd : 1);
        }
        return (x, t);
    }

    private static string FindData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", "shared", "data", "bike-sharing", "hour.csv");
            if (File.Exists(path)) return Path.GetFullPath(path);
        }
        throw new FileNotFoundException("hour.csv not found: expected ../shared/data/bike-sharing/hour.csv next to the repository.");
    }
}
