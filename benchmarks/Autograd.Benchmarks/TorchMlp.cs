using TorchSharp;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Autograd.Benchmarks;

/// <summary>The same MLP, loss and optimizer in TorchSharp (float64).</summary>
internal sealed class TorchMlp
{
    private readonly nn.Module<TTensor, TTensor> _model;
    private readonly optim.Optimizer _adam;

    public TorchMlp(int inputs, int hidden)
    {
        _model = nn.Sequential(nn.Linear(inputs, hidden, dtype: float64), nn.ReLU(), nn.Linear(hidden, 1, dtype: float64));
        _adam = optim.Adam(_model.parameters(), lr: 1e-3);
    }

    /// <summary>PoissonNLLLoss with log input (the official function is correct on this path), mean reduction.</summary>
    public static TTensor PoissonLoss(TTensor logRate, TTensor target) =>
        nn.functional.poisson_nll_loss(logRate, target, log_input: true, full: false, reduction: nn.Reduction.Mean);

    /// <summary>One Adam step; returns the loss.</summary>
    public double TrainStep(TTensor x, TTensor target)
    {
        using var scope = NewDisposeScope();
        _adam.zero_grad();
        var loss = PoissonLoss(_model.forward(x), target);
        loss.backward();
        _adam.step();
        return loss.item<double>();
    }
}
