namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Softplus, as PyTorch's <c>softplus</c>: y = (1/β)·log(1 + e^(βx)), and y = x where βx &gt; threshold;
    /// ∂y/∂x = σ(βx) (1 above the threshold). Composed of primitives as (1/β)·log1p(e^min(z, threshold)) with z = βx:
    /// log1p keeps the far negative tail within a few ulp (at x = −40 it is 4.248354255291589e-18, where log(1 + e⁻⁴⁰)
    /// would give 0), and capping z at the threshold keeps eᶻ finite in the branch that Where does not pick, so its zero
    /// gradient stays zero instead of 0·∞. The gradient, e^z/(1 + e^z) = σ(z), and its derivatives come from the engine.
    /// A smooth, positive alternative to ReLU and a common link for Poisson rates (with rate-input
    /// <see cref="PoissonNLLLoss"/>, whose ε keeps log λ finite where βx is so negative that y rounds to 0).
    /// </summary>
    /// <param name="input">x.</param>
    /// <param name="beta">β &gt; 0: larger is closer to ReLU.</param>
    /// <param name="threshold">Above this value of βx the output is x itself (PyTorch's default 20; the difference is below e⁻²⁰).</param>
    /// <exception cref="ArgumentOutOfRangeException">β is not positive and finite, or the threshold is NaN.</exception>
    public static Tensor Softplus(Tensor input, double beta = 1, double threshold = 20)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateSoftplus(beta, threshold);
        var z = beta == 1 ? input : input * beta;
        var soft = z.ClampMax(threshold).Exp().Log1p();
        if (beta != 1) soft = soft / beta;
        return Tensor.Where(z > threshold, input, soft);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless β is positive and finite and the threshold is not NaN.</summary>
    internal static void ValidateSoftplus(double beta, double threshold)
    {
        if (!(beta > 0) || double.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be positive and finite.");
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must not be NaN.");
    }
}
