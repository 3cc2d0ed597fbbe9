using Autograd.Nn;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>Workload 2: PoissonNLLLoss (log input, mean) forward and backward over n elements (1,000 to 10,000,000).</summary>
[CategoriesColumn]
public class PoissonLossBenchmarks
{
    /// <summary>This workload's name in the ratio table and the key of its target.</summary>
    internal const string Category = "PoissonNLLLoss fwd+bwd";

    private Tensor _x = null!, _t = null!;
    private torch.Tensor _tx = null!, _tt = null!;

    /// <summary>Number of elements.</summary>
    [Params(1_000, 1_000_000, 10_000_000)] public int N;

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

    /// <summary>Makes our input and target of N elements, without the JIT warm-up (the warm-up workloads time it).</summary>
    internal void PrepareOurs()
    {
        var r = new Random(4);
        _x = Tensor.Randn([N], r, requiresGrad: true);
        _t = Tensor.FromArray(TrainingStepBenchmarks.Counts(N, r));
    }

    /// <summary>Makes TorchSharp's input and target, without the JIT warm-up.</summary>
    internal void PrepareTheirs()
    {
        _tx = torch.randn(N, dtype: torch.float64).requires_grad_();
        _tt = torch.tensor(TrainingStepBenchmarks.Counts(N, new Random(4)), dtype: torch.float64);
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Autograd)]
    public double Ours()
    {
        _x.ZeroGrad(setToNone: false);   // as the TorchSharp side: zero the kept buffer in place
        Functional.PoissonNLLLoss(_x, _t).Backward();
        return _x.Grad!.Data[0];
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Torch)]
    public double Theirs()
    {
        using var scope = torch.NewDisposeScope();
        _tx.grad?.zero_();
        TorchMlp.PoissonLoss(_tx, _tt).backward();
        return _tx.grad![0].item<double>();
    }
}
