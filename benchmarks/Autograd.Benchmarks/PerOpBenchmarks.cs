using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>
/// Workload 4: fixed cost per op. A chain of 600 ops (200 × mul, exp, log) on one-element tensors, forward and
/// backward. Time per op = time / 600; the ratio is the same either way.
/// </summary>
[CategoriesColumn]
public class PerOpBenchmarks
{
    /// <summary>This workload's name in the ratio table and the key of its target.</summary>
    internal const string Category = "Per-op chain (600 ops)";

    /// <summary>Ops in the chain.</summary>
    public const int Ops = 600;
    private Tensor _c = null!;
    private torch.Tensor _tc = null!;

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        _c = Tensor.FromArray([0.999]);
        JitWarmup.Run(Ours);
    }

    [GlobalSetup(Target = nameof(Theirs))]
    public void SetupTheirs()
    {
        _tc = torch.tensor(new[] { 0.999 }, dtype: torch.float64);
        JitWarmup.Run(Theirs);
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Autograd)]
    public double Ours()
    {
        var x = Tensor.FromArray([0.5], requiresGrad: true);
        var y = x;
        for (int i = 0; i < Ops / 3; i++) y = (y * _c).Exp().Log();
        y.Backward();
        return x.Grad!.Data[0];
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Torch)]
    public double Theirs()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 0.5 }, dtype: torch.float64, requires_grad: true);
        var y = x;
        for (int i = 0; i < Ops / 3; i++) y = (y * _tc).exp().log();
        y.backward();
        return x.grad!.item<double>();
    }
}
