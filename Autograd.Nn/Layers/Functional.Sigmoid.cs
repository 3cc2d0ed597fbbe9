namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>Logistic function, as PyTorch's <c>sigmoid</c>: y = σ(x) = 1/(1 + e⁻ˣ) elementwise; ∂y/∂x = σ(x)(1 − σ(x)).</summary>
    public static Tensor Sigmoid(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Sigmoid();
    }
}
