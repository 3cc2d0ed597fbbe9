using Autograd.Nn;
using Autograd.Optim;

namespace Autograd.Benchmarks;

/// <summary>The training step a user writes: PoissonNLLLoss (log input, mean) and Adam around any module.</summary>
internal sealed class AutogradTraining(Module model, double lr)
{
    private readonly PoissonNLLLoss _loss = new();
    private readonly Adam _adam = new(model.Parameters(), lr: lr);

    /// <summary>The 16→32→1 ReLU MLP of workload 1.</summary>
    public static AutogradTraining SmallMlp(Random random) =>
        new(new Sequential(new Linear(16, 32, random: random), new ReLU(), new Linear(32, 1, random: random)), lr: 1e-3);

    /// <summary>One Adam step: zero gradients, forward, loss, backward, update. Returns the loss.</summary>
    public double TrainStep(Tensor x, Tensor target)
    {
        _adam.ZeroGrad();
        var loss = _loss.Forward(model.Forward(x), target);
        loss.Backward();
        _adam.Step();
        return loss.Item();
    }
}
