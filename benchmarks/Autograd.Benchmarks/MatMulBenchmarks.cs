using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>Workload 3a: C = A·B for square n×n matrices, forward only, no recording.</summary>
[CategoriesColumn]
public class MatMulBenchmarks
{
    /// <summary>This workload's name in the ratio table and the key of its target.</summary>
    internal const string Category = "MatMul n³";

    private Tensor _a = null!, _b = null!;
    private torch.Tensor _ta = null!, _tb = null!;

    /// <summary>Matrix size n (n³ multiply-adds).</summary>
    [Params(64, 256, 512, 1024)] public int N;

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        var r = new Random(1);
        _a = Tensor.Randn([N, N], r);
        _b = Tensor.Randn([N, N], r);
        JitWarmup.Run(Ours);
    }

    [GlobalSetup(Target = nameof(Theirs))]
    public void SetupTheirs()
    {
        _ta = torch.randn(N, N, dtype: torch.float64);
        _tb = torch.randn(N, N, dtype: torch.float64);
        JitWarmup.Run(Theirs);
    }

    [Benchmark, BenchmarkCategory(Category, Sides.Autograd)]
    public double Ours() => _a.MatMul(_b).Data[0];

    [Benchmark, BenchmarkCategory(Category, Sides.Torch)]
    public double Theirs()
    {
        using var c = _ta.matmul(_tb);
        return c[0, 0].item<double>();
    }
}
