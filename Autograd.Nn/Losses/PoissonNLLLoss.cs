namespace Autograd.Nn;

/// <summary>
/// Poisson negative log-likelihood loss for count data, as <c>torch.nn.PoissonNLLLoss</c>:
/// ℓ = eˣ − y·x with log input (x = log λ), ℓ = x − y·log(x + ε) with rate input (x = λ),
/// plus, when <see cref="Full"/>, Stirling's term y·log y − y + ½·log(2πy) where y &gt; 1.
/// See <see cref="Functional.PoissonNLLLoss"/> for the formulas, when to use each mode, and the differences from PyTorch.
/// </summary>
public sealed class PoissonNLLLoss : Loss
{
    /// <summary>Creates the loss; settings as in PyTorch.</summary>
    /// <param name="logInput">True (default): inputs are log-rates, ℓ = eˣ − y·x. False: inputs are rates, ℓ = x − y·log(x + ε).</param>
    /// <param name="full">Whether to add Stirling's approximation of log y! (where y &gt; 1), making ℓ ≈ −log P(y; λ).</param>
    /// <param name="eps">Finite ε ≥ 0 added to the rate inside the log for rate inputs.</param>
    /// <param name="reduction">Mean (default), Sum or None.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is negative, infinite or NaN, or <paramref name="reduction"/> is undefined.</exception>
    public PoissonNLLLoss(bool logInput = true, bool full = false, double eps = 1e-8, Reduction reduction = Reduction.Mean)
        : base(reduction)
    {
        Functional.ValidatePoissonEps(eps);
        LogInput = logInput;
        Full = full;
        Eps = eps;
    }

    /// <summary>Whether inputs are log-rates x = log λ (true) or rates x = λ (false).</summary>
    public bool LogInput { get; }

    /// <summary>Whether Stirling's term y·log y − y + ½·log(2πy) (for y &gt; 1) is added.</summary>
    public bool Full { get; }

    /// <summary>ε in log(x + ε) for rate inputs.</summary>
    public double Eps { get; }

    /// <summary>The settings line: <c>log_input=True, full=False, eps=1e-08, reduction=mean</c>.</summary>
    public override string ExtraRepr() =>
        $"log_input={PythonFormat.Bool(LogInput)}, full={PythonFormat.Bool(Full)}, eps={PythonFormat.Float(Eps)}, reduction={PythonFormat.Reduction(Reduction)}";

    /// <summary>The reduced Poisson negative log-likelihood of <paramref name="target"/> counts under <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ, or a target is negative, +∞ or NaN.</exception>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.PoissonNLLLoss(input, target, LogInput, Full, Eps, Reduction);
}
