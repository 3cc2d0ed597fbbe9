namespace Autograd.Nn;

/// <summary>Hyperbolic tangent, as <c>torch.nn.Tanh</c>: y = tanh x elementwise; ∂y/∂x = 1 − tanh² x.</summary>
public sealed class Tanh : Module
{
    /// <summary>y = tanh x elementwise.</summary>
    public override Tensor Forward(Tensor input) => Functional.Tanh(input);
}
