namespace Autograd.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019) as torch.optim.AdamW: Adam whose weight decay is decoupled from the gradient.
/// Per step, p ← p·(1 − lr·λ) first, then the Adam update of p with the raw gradient (no λ·p added to g).
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>
    /// Creates the optimizer: step size <paramref name="lr"/>, β₁ = <paramref name="beta1"/>, β₂ = <paramref name="beta2"/>,
    /// ε = <paramref name="eps"/>, decoupled decay λ = <paramref name="weightDecay"/> (PyTorch's default 0.01).
    /// </summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay: true)
    {
    }
}
