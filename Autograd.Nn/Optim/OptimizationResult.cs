namespace Autograd.Optim;

/// <summary>Why a <c>Minimize</c> run stopped.</summary>
public enum StopReason
{
    /// <summary>Converged: max |∂L/∂θᵢ| fell to the gradient tolerance.</summary>
    GradientTolerance,
    /// <summary>
    /// The predicted or actual decrease of the loss, or the step, fell below the change tolerance. For Newton (half the
    /// Newton decrement, −½ gᵀd, invariant to rescaling) this is convergence; for L-BFGS (the loss change, the step or the
    /// slope g·d) it is convergence only when the gradient test passes too, and otherwise a stall.
    /// </summary>
    ChangeTolerance,
    /// <summary>Not converged: the iteration limit was reached.</summary>
    MaxIterations,
    /// <summary>Not converged: the loss evaluation limit was reached.</summary>
    MaxEvaluations,
    /// <summary>
    /// Not converged: the loss was NaN or infinite at the start, or at every trial point of the last line search; the
    /// parameters are left at the last point with a finite loss.
    /// </summary>
    NonFiniteLoss,
    /// <summary>Not converged: no step along the search direction lowered the loss; the parameters are left where they were.</summary>
    NoDecrease,
}

/// <summary>
/// The outcome of a <c>Minimize</c> run: whether it converged and why it stopped, how much work it took, and the loss
/// and gradient where the parameters were left.
/// </summary>
/// <param name="Converged">True when the run ended at a point that passed the optimizer's convergence test (see <see cref="StopReason"/>).</param>
/// <param name="Reason">Why the run stopped.</param>
/// <param name="Message">The reason in words, with the figures that decided it.</param>
/// <param name="Iterations">Steps that moved (or tried to move) the parameters.</param>
/// <param name="FunctionEvaluations">Calls of the closure.</param>
/// <param name="Loss">The loss where the parameters were left.</param>
/// <param name="GradientMaxNorm">max |∂L/∂θᵢ| there.</param>
public sealed record OptimizationResult(bool Converged, StopReason Reason, string Message, int Iterations,
    int FunctionEvaluations, double Loss, double GradientMaxNorm);
