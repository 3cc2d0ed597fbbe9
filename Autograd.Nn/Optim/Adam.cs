using System.Numerics.Tensors;

namespace Autograd.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015) as torch.optim.Adam. Per step t of a parameter p with gradient g:
/// g ← g + λ·p (L2 decay); m ← m + (1 − β₁)(g − m); v ← β₂·v + (1 − β₂)·g²;
/// p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
public class Adam : Optimizer
{
    private readonly double _lr, _beta1, _beta2, _eps, _weightDecay;
    private readonly bool _decoupledWeightDecay;
    private readonly double[][] _firstMoments, _secondMoments;
    private readonly int[] _steps;

    /// <summary>
    /// Creates the optimizer: step size <paramref name="lr"/>, moment decay rates β₁ = <paramref name="beta1"/> and
    /// β₂ = <paramref name="beta2"/> in [0, 1), ε = <paramref name="eps"/>, L2 penalty λ = <paramref name="weightDecay"/>.
    /// </summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : this(parameters, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay: false)
    {
    }

    /// <summary>Shared constructor; <paramref name="decoupledWeightDecay"/> selects AdamW's decay p ← p·(1 − lr·λ).</summary>
    private protected Adam(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupledWeightDecay)
        : base(parameters)
    {
        _lr = Hyperparameters.NonNegative(lr, nameof(lr));
        _beta1 = Hyperparameters.Fraction(beta1, nameof(beta1));
        _beta2 = Hyperparameters.Fraction(beta2, nameof(beta2));
        _eps = Hyperparameters.NonNegative(eps, nameof(eps));
        _weightDecay = Hyperparameters.NonNegative(weightDecay, nameof(weightDecay));
        _decoupledWeightDecay = decoupledWeightDecay;
        _firstMoments = ParameterArray.Select(p => new double[p.Count]).ToArray();
        _secondMoments = ParameterArray.Select(p => new double[p.Count]).ToArray();
        _steps = new int[ParameterArray.Length];
    }

    /// <summary>Takes one step for every parameter whose gradient is not null; each parameter counts its own steps t.</summary>
    public override void Step()
    {
        RealiseGradients();
        var parameters = ParameterArray;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.Grad is not { } gradTensor) continue;
            int t = ++_steps[i];
            Span<double> param = p.WritableData(), m = _firstMoments[i], v = _secondMoments[i];
            ReadOnlySpan<double> g = gradTensor.Data;

            if (_weightDecay != 0 && _decoupledWeightDecay)
                TensorPrimitives.Multiply(param, 1 - _lr * _weightDecay, param);
            double l2 = _decoupledWeightDecay ? 0 : _weightDecay;
            var c = new AdamUpdate.Coefficients(l2, 1 - _beta1, _beta2, 1 - _beta2,
                Math.Sqrt(1 - Math.Pow(_beta2, t)), _eps, -(_lr / (1 - Math.Pow(_beta1, t))));
            AdamUpdate.Apply(c, g, param, m, v);
        }
    }
}
