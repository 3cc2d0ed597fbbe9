using Autograd.Nn;
using Autograd.Optim;

namespace Autograd.Benchmarks;

/// <summary>
/// inputs → hidden → 1 MLP with ReLU (Autograd.Nn's Sequential, Linear, ReLU), PoissonNLLLoss with log input and mean
/// reduction, and Adam (lr 1e-3), as a user would write the training step.
/// </summary>
internal sealed class AutogradMlp
{
    private readonly Sequential _model;
    private readonly PoissonNLLLoss _loss = new();
    private readonly Adam _adam;

    public AutogradMlp(int inputs, int hidden, Random random)
    {
        _model = new Sequential(new Linear(inputs, hidden, random: random), new ReLU(), new Linear(hidden, 1, random: random));
        _adam = new Adam(_model.Parameters(), lr: 1e-3);
    }

    /// <summary>One Adam step: zero gradients, forward, loss, backward, update. Returns the loss.</summary>
    public double TrainStep(Tensor x, Tensor target)
    {
        _adam.ZeroGrad();
        var loss = _loss.Forward(_model.Forward(x), target);
        loss.Backward();
        _adam.Step();
        return loss.Item();
    }
}
