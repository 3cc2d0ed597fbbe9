namespace Autograd.Nn;

/// <summary>Rectified linear unit, as <c>torch.nn.ReLU</c>: y = max(x, 0) elementwise; ∂y/∂x = 1 where x &gt; 0, else 0.</summary>
public sealed class ReLU : Module
{
    /// <summary>y = max(x, 0) elementwise.</summary>
    public override Tensor Forward(Tensor input) => Functional.Relu(input);
}
