using TorchSharp;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Autograd.Benchmarks;

/// <summary>The same models, loss and optimizer in TorchSharp (float64): inputs → hidden (× layers, ReLU) → 1, plus a fixed offset.</summary>
internal sealed class TorchMlp
{
    private readonly nn.Module<TTensor, TTensor> _model;
    private readonly optim.Optimizer _adam;
    private readonly double _offset;

    public TorchMlp(int inputs, int hidden, int hiddenLayers = 1, double lr = 1e-3, double offset = 0)
    {
        var layers = new List<nn.Module<TTensor, TTensor>> { nn.Linear(inputs, hidden, dtype: float64), nn.ReLU() };
        for (int i = 1; i < hiddenLayers; i++) layers.AddRange([nn.Linear(hidden, hidden, dtype: float64), nn.ReLU()]);
        layers.Add(nn.Linear(hidden, 1, dtype: float64));
        _model = nn.Sequential(layers);
        _adam = optim.Adam(_model.parameters(), lr: lr);
        _offset = offset;
    }

    /// <summary>PoissonNLLLoss with log input (the official function is correct on this path), mean reduction.</summary>
    public static TTensor PoissonLoss(TTensor logRate, TTensor target) =>
        nn.functional.poisson_nll_loss(logRate, target, log_input: true, full: false, reduction: nn.Reduction.Mean);

    /// <summary>One Adam step; returns the loss.</summary>
    public double TrainStep(TTensor x, TTensor target)
    {
        using var scope = NewDisposeScope();
        _adam.zero_grad();
        var output = _model.forward(x);
        var loss = PoissonLoss(_offset == 0 ? output : output + _offset, target);
        loss.backward();
        _adam.step();
        return loss.item<double>();
    }
}
