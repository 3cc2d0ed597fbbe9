using Autograd.Nn;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>
/// Workload 3b: forward and backward of a 256-wide linear layer y = x·Wᵀ + b (x: 256×256, W: 256×256),
/// loss Σy, gradients for W and b: two 256³ products in backward, one in forward.
/// </summary>
[CategoriesColumn]
public class LinearBackwardBenchmarks
{
    /// <summary>This workload's name in the ratio table and the key of its target.</summary>
    internal const string Category = "Linear 256 fwd+bwd";

    private const int Width = 256, Batch = 256;
    private Tensor _x = null!, _w = null!, _b = null!;
    private torch.Tensor _tx = null!, _tw = null!, _tb = null!;

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        var r = new Random(2);
        _x = Tensor.Randn([Batch, Width], r);
        _w = Tensor.Randn([Width, Width], r, requiresGrad: true);
        _b = Tensor.Zeros([Width], requiresGrad: true);
        JitWarmup.Run(Ours);
    }

    [GlobalSetup(Target = nameof(Theirs))]
    public void SetupTheirs()
    {
        _tx = torch.randn(Batch, Width, dtype: torch.float64);
        _tw = torch.randn(Width, Width, dtype: torch.float64).requires_grad_();
        _tb = torch.zeros(Width, dtype: torch.float64).requires_grad_();
        JitWarmup.Run(Theirs);
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Autograd)]
    public double Ours()
    {
        _w.ZeroGrad();
        _b.ZeroGrad();
        Functional.Linear(_x, _w, _b).Sum().Backward();
        return _w.Grad!.Data[0];
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Torch)]
    public double Theirs()
    {
        using var scope = torch.NewDisposeScope();
        _tw.grad?.zero_();
        _tb.grad?.zero_();
        torch.nn.functional.linear(_tx, _tw, _tb).sum().backward();
        return _tw.grad![0, 0].item<double>();
    }
}
