namespace Autograd.Nn;

/// <summary>
/// Softplus, as <c>torch.nn.Softplus</c>: y = (1/β)·log(1 + e^(βx)) elementwise, y = x where βx &gt; threshold;
/// ∂y/∂x = σ(βx). Computed without overflow; see <see cref="Functional.Softplus"/>.
/// </summary>
public sealed class Softplus : Module
{
    /// <summary>Creates the activation with PyTorch's parameters.</summary>
    /// <param name="beta">β &gt; 0 (default 1).</param>
    /// <param name="threshold">βx above which the output is x (default 20).</param>
    /// <exception cref="ArgumentOutOfRangeException">β is not positive and finite, or the threshold is NaN.</exception>
    public Softplus(double beta = 1, double threshold = 20)
    {
        Functional.ValidateSoftplus(beta, threshold);
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>β in (1/β)·log(1 + e^(βx)).</summary>
    public double Beta { get; }

    /// <summary>Value of βx above which the output is x itself.</summary>
    public double Threshold { get; }

    /// <summary>PyTorch's settings line: <c>beta=1.0, threshold=20.0</c>.</summary>
    public override string ExtraRepr() => $"beta={PythonFormat.Float(Beta)}, threshold={PythonFormat.Float(Threshold)}";

    /// <summary>y = (1/β)·log(1 + e^(βx)) elementwise (x where βx &gt; threshold).</summary>
    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);
}
