using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>Workload 1: one Adam training step of a 16→32→1 ReLU MLP with PoissonNLLLoss at batch 256.</summary>
[CategoriesColumn]
public class TrainingStepBenchmarks
{
    /// <summary>This workload's name in the ratio table and the key of its target.</summary>
    internal const string Category = "MLP Adam step (batch 256)";

    private const int Batch = 256, Inputs = 16, Hidden = 32;
    private AutogradTraining _ours = null!;
    private Tensor _x = null!, _t = null!;
    private TorchMlp _theirs = null!;
    private torch.Tensor _tx = null!, _tt = null!;

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

    /// <summary>Builds our model and batch, without the JIT warm-up (the warm-up workloads time it).</summary>
    internal void PrepareOurs()
    {
        var r = new Random(3);
        _ours = AutogradTraining.SmallMlp(r);
        _x = Tensor.Randn([Batch, Inputs], r);
        _t = Tensor.FromArray(Counts(Batch, r), [Batch, 1]);
    }

    /// <summary>Builds TorchSharp's model and batch, without the JIT warm-up.</summary>
    internal void PrepareTheirs()
    {
        var r = new Random(3);
        _theirs = new TorchMlp(Inputs, Hidden);
        _tx = torch.randn(Batch, Inputs, dtype: torch.float64);
        _tt = torch.tensor(Counts(Batch, r), Batch, 1, dtype: torch.float64);
    }

    /// <summary>Small Poisson-like counts 0..9.</summary>
    internal static double[] Counts(int n, Random r) => Enumerable.Range(0, n).Select(_ => (double)r.Next(10)).ToArray();

    [Benchmark, BenchmarkCategory(Category, Sides.Autograd)]
    public double Ours() => _ours.TrainStep(_x, _t);

    [Benchmark, BenchmarkCategory(Category, Sides.Torch)]
    public double Theirs() => _theirs.TrainStep(_tx, _tt);
}
