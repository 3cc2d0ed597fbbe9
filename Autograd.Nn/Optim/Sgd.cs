using System.Numerics.Tensors;

namespace Autograd.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as torch.optim.SGD with
/// dampening 0. Per step, for each parameter p with gradient g:
/// g ← g + λ·p; b ← μ·b + g (b = g on the first step); g ← g + μ·b if Nesterov, else g ← b; p ← p − lr·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly double _lr, _momentum, _weightDecay;
    private readonly bool _nesterov;
    private readonly double[][]? _momentumBuffers;
    private readonly double[] _scratch;

    /// <summary>
    /// Creates the optimizer. <paramref name="lr"/> is the step size, <paramref name="momentum"/> μ, <paramref name="weightDecay"/>
    /// λ (adds λ·p to the gradient); <paramref name="nesterov"/> needs μ &gt; 0.
    /// </summary>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters)
    {
        _lr = Hyperparameters.NonNegative(lr, nameof(lr));
        _momentum = Hyperparameters.NonNegative(momentum, nameof(momentum));
        _weightDecay = Hyperparameters.NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && momentum == 0)
            throw new ArgumentException("Nesterov momentum needs momentum > 0, but momentum is 0.", nameof(nesterov));
        _nesterov = nesterov;
        // Zero-initialised buffers give b = μ·0 + g = g on the first step, which is PyTorch's clone of the gradient.
        if (momentum != 0) _momentumBuffers = ParameterArray.Select(p => new double[p.Count]).ToArray();
        _scratch = weightDecay != 0 || nesterov ? new double[LargestParameterCount] : [];
    }

    /// <summary>Takes one step for every parameter whose gradient is not null.</summary>
    public override void Step()
    {
        RealiseGradients();
        var parameters = ParameterArray;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.Grad is not { } gradTensor) continue;
            // Scratch exists only when weight decay or Nesterov needs it.
            Span<double> scratch = _scratch.Length == 0 ? default : _scratch.AsSpan(0, p.Count);
            ReadOnlySpan<double> g = gradTensor.Data;
            if (_weightDecay != 0)
            {
                TensorPrimitives.MultiplyAdd(p.Data, _weightDecay, g, scratch);
                g = scratch;
            }
            if (_momentumBuffers is not null)
            {
                var buffer = _momentumBuffers[i];
                TensorPrimitives.MultiplyAdd(buffer, _momentum, g, buffer);
                if (_nesterov)
                {
                    TensorPrimitives.MultiplyAdd(buffer, _momentum, g, scratch);
                    g = scratch;
                }
                else g = buffer;
            }
            var param = p.WritableData();
            TensorPrimitives.MultiplyAdd(g, -_lr, param, param);
        }
    }
}
