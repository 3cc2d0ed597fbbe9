using BenchmarkDotNet.Attributes;
using CountRegression.Data;
using CountRegression.Modeling;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>
/// Workload 5: one epoch of the bike-sharing MLP of examples/CountRegression: its features (one-hot hour, weekday, month,
/// season, weather and numeric temperature, humidity, wind: 49 columns), its model (LogRateMlp: 49 → 64 → 64 → 1 with ReLU
/// plus the log mean count), PoissonNLLLoss, Adam at lr 3e-3, minibatches of 256 over the training period
/// (2011 to June 2012), in one fixed shuffled order. Batches are cut beforehand on both sides.
/// </summary>
[CategoriesColumn]
public class BikeSharingEpochBenchmarks
{
    /// <summary>This workload's name in the ratio table and the key of its target.</summary>
    internal const string Category = "Bike-sharing epoch";

    private const int Hidden = 64, BatchSize = 256;
    private const double LearningRate = 3e-3;
    private AutogradTraining _ours = null!;
    private (Tensor X, Tensor T)[] _batches = [];
    private TorchMlp _theirs = null!;
    private (torch.Tensor X, torch.Tensor T)[] _tbatches = [];

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        PrepareOurs();
        JitWarmup.Run(Ours);
    }

    [GlobalSetup(Target = nameof(Theirs))]
    public void SetupTheirs()
    {
        PrepareTheirs();
        JitWarmup.Run(Theirs);
    }

    /// <summary>Loads the data, builds our model and cuts the batches, without the JIT warm-up (the warm-up workloads time it).</summary>
    internal void PrepareOurs()
    {
        var train = BikeData.Load(DataPath()).Train;
        _ours = new AutogradTraining(new LogRateMlp(train.Columns, Hidden, train.Targets.Average(), new Random(42)), LearningRate);
        _batches = [.. Batches(train).Select(b => (Tensor.FromArray(b.X, [b.Rows, train.Columns]), Tensor.FromArray(b.T, [b.Rows, 1])))];
    }

    /// <summary>The same for TorchSharp, without the JIT warm-up.</summary>
    internal void PrepareTheirs()
    {
        var train = BikeData.Load(DataPath()).Train;
        _theirs = new TorchMlp(train.Columns, Hidden, hiddenLayers: 2, lr: LearningRate, offset: Math.Log(train.Targets.Average()));
        _tbatches = [.. Batches(train).Select(b => (torch.tensor(b.X, b.Rows, train.Columns, dtype: torch.float64), torch.tensor(b.T, b.Rows, 1, dtype: torch.float64)))];
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Autograd)]
    public double Ours()
    {
        double last = 0;
        foreach (var (x, t) in _batches) last = _ours.TrainStep(x, t);
        return last;
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Torch)]
    public double Theirs()
    {
        double last = 0;
        foreach (var (x, t) in _tbatches) last = _theirs.TrainStep(x, t);
        return last;
    }

    private static IEnumerable<(int Rows, double[] X, double[] T)> Batches(CountData data)
    {
        var order = Enumerable.Range(0, data.Rows).ToArray();
        new Random(42).Shuffle(order);
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            var batch = data.Select(order[start..Math.Min(order.Length, start + BatchSize)]);
            yield return (batch.Rows, batch.Features, batch.Targets);
        }
    }

    /// <summary>../shared/data/bike-sharing/hour.csv next to the repository, searched upwards from the program's folder.</summary>
    private static string DataPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", "shared", "data", "bike-sharing", "hour.csv");
            if (File.Exists(path)) return Path.GetFullPath(path);
        }
        throw new FileNotFoundException("hour.csv not found: expected ../shared/data/bike-sharing/hour.csv next to the repository.");
    }
}
