using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

/// <summary>The training-loop plumbing the optimizer tests share.</summary>
internal static class Training
{
    /// <summary>The usual closure: zero the gradients, compute the loss, backpropagate, return the loss.</summary>
    public static Func<Tensor> Closure(Optimizer optimizer, Func<Tensor> loss) => () =>
    {
        optimizer.ZeroGrad();
        var value = loss();
        value.Backward();
        return value;
    };

    /// <summary>Takes <paramref name="count"/> optimizer steps on <paramref name="loss"/>.</summary>
    public static void Steps(Optimizer optimizer, Func<Tensor> loss, int count)
    {
        var closure = Closure(optimizer, loss);
        for (int k = 0; k < count; k++) optimizer.Step(closure);
    }
}
