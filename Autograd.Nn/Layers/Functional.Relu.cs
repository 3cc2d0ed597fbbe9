namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>Rectified linear unit, as PyTorch's <c>relu</c>: y = max(x, 0) elementwise; ∂y/∂x = 1 where x &gt; 0, else 0.</summary>
    public static Tensor Relu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Relu();
    }
}
