namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>Hyperbolic tangent, as PyTorch's <c>tanh</c>: y = tanh x elementwise; ∂y/∂x = 1 − tanh² x.</summary>
    public static Tensor Tanh(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Tanh();
    }
}
