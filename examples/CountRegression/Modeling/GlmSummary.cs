using Autograd.Optim;

namespace CountRegression.Modeling;

/// <summary>One row of R's coefficient table.</summary>
/// <param name="Name">The term, as R names it.</param>
/// <param name="Estimate">The maximum-likelihood estimate β̂ⱼ.</param>
/// <param name="StdError">√[(H⁻¹)ⱼⱼ], H the Hessian of the negative log-likelihood at β̂ (observed = Fisher information for the log link).</param>
/// <param name="Z">β̂ⱼ / SEⱼ.</param>
/// <param name="P">2·Φ(−|z|), the two-sided normal tail.</param>
public sealed record GlmTerm(string Name, double Estimate, double StdError, double Z, double P);

/// <summary>The figures of R's <c>summary(glm(..., family = poisson))</c>.</summary>
/// <param name="Terms">The coefficient table.</param>
/// <param name="Deviance">Residual deviance 2 Σ [y log(y/μ) − (y − μ)].</param>
/// <param name="NullDeviance">The deviance of the intercept-only model with the same offset, fitted too.</param>
/// <param name="DfResidual">n − p.</param>
/// <param name="DfNull">n − 1.</param>
/// <param name="LogLik">The exact log-likelihood Σ [y log μ − μ − log Γ(y + 1)].</param>
/// <param name="Aic">−2 logLik + 2p.</param>
/// <param name="Iterations">Newton steps of the fit (from the intercept-only fit; R counts its Fisher scoring iterations from μ = y + 0.1).</param>
/// <param name="Optimization">How the Newton run of the full model ended.</param>
public sealed record GlmSummary(IReadOnlyList<GlmTerm> Terms, double Deviance, double NullDeviance, int DfResidual, int DfNull,
    double LogLik, double Aic, int Iterations, OptimizationResult Optimization)
{
    /// <summary>True when Newton met its convergence test on both the model and the null model.</summary>
    public bool Converged => Optimization.Converged;
}
