using Autograd.Nn;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>
/// Workload 6: forward and backward of a 256 → 256 → 256 → 1 MLP at batch 4096 whose activation is SiLU composed from
/// primitives as a user writes it, x·σ(x) (not a fused silu), loss = mean of the output, gradients to every weight and
/// bias. Gradients are cleared to none before each call on both sides. Five 4096×256×256 products (two forward, three
/// backward) and the elementwise ops on 1M-element activations dominate.
/// </summary>
[CategoriesColumn]
public class SiluMlpBenchmarks
{
    /// <summary>This workload's name in the ratio table and the key of its target.</summary>
    internal const string Category = "SiLU MLP fwd+bwd (batch 4096, width 256)";

    private const int Batch = 4096, Width = 256;
    private Linear[] _layers = [];
    private Tensor _x = null!;
    private TorchSharp.Modules.Linear[] _tlayers = [];
    private torch.Tensor _tx = null!;

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        var r = new Random(6);
        _layers = [new Linear(Width, Width, random: r), new Linear(Width, Width, random: r), new Linear(Width, 1, random: r)];
        _x = Tensor.Randn([Batch, Width], r);
        JitWarmup.Run(Ours);
    }

    [GlobalSetup(Target = nameof(Theirs))]
    public void SetupTheirs()
    {
        _tlayers = [
            torch.nn.Linear(Width, Width, dtype: torch.float64),
            torch.nn.Linear(Width, Width, dtype: torch.float64),
            torch.nn.Linear(Width, 1, dtype: torch.float64),
        ];
        _tx = torch.randn(Batch, Width, dtype: torch.float64);
        JitWarmup.Run(Theirs);
    }

    /// <summary>Measures one Autograd call: clear gradients to none, forward with h·σ(h), mean, backward.</summary>
    [Benchmark, BenchmarkCategory(Category, Sides.Autograd)]
    public double Ours()
    {
        foreach (var layer in _layers) layer.ZeroGrad();   // default setToNone: true, as torch's zero_grad()
        var h = _layers[0].Forward(_x);
        h = h * h.Sigmoid();
        h = _layers[1].Forward(h);
        h = h * h.Sigmoid();
        _layers[2].Forward(h).Mean().Backward();
        return _layers[0].Weight.Grad!.Span[0];
    }

    /// <summary>Measures the same call in TorchSharp: zero_grad() (set_to_none), forward with h·sigmoid(h), mean, backward.</summary>
    [Benchmark, BenchmarkCategory(Category, Sides.Torch)]
    public double Theirs()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var layer in _tlayers) layer.zero_grad();   // set_to_none defaults to true
        var h = _tlayers[0].forward(_tx);
        h = h * torch.sigmoid(h);
        h = _tlayers[1].forward(h);
        h = h * torch.sigmoid(h);
        _tlayers[2].forward(h).mean().backward();
        return _tlayers[0].weight!.grad![0, 0].item<double>();
    }
}
