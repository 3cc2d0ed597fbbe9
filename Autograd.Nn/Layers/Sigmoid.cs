namespace Autograd.Nn;

/// <summary>Logistic function, as <c>torch.nn.Sigmoid</c>: y = σ(x) = 1/(1 + e⁻ˣ) elementwise; ∂y/∂x = σ(x)(1 − σ(x)).</summary>
public sealed class Sigmoid : Module
{
    /// <summary>y = 1/(1 + e⁻ˣ) elementwise.</summary>
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}
