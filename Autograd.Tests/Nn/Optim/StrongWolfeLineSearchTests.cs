using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

public class StrongWolfeLineSearchTests
{
    /// <summary>f(x) = a(x − c)² + b·sin(ωx): bounded below, non-convex when bω² &gt; 2a, so strong-Wolfe points exist.</summary>
    public sealed record Wiggly(double A, double C, double B, double Omega, double X0, double T0)
    {
        public double F(double x) => A * (x - C) * (x - C) + B * Math.Sin(Omega * x);
        public double G(double x) => 2 * A * (x - C) + B * Omega * Math.Cos(Omega * x);
    }

    private static Gen<double> Between(double lo, double hi) => Gen.Choose(0, 1_000_000).Select(k => lo + (hi - lo) * k / 1_000_000.0);

    private static Arbitrary<Wiggly> Functions() =>
        (from a in Between(0.1, 5)
         from c in Between(-3, 3)
         from b in Between(0, 2)
         from omega in Between(0.5, 6)
         from x0 in Between(-4, 4)
         from t0 in Between(0.01, 3)
         select new Wiggly(a, c, b, omega, x0, t0)).Where(w => Math.Abs(w.G(w.X0)) > 1e-3).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property AcceptedStepSatisfiesTheStrongWolfeConditions() => Prop.ForAll(Functions(), w => Accepted(w));

    [Fact]
    public void RunningOutOfEvaluationsWhileExtrapolatingKeepsTheBestTrial()
    {
        // Found by the property above: 25 creeping extrapolations, then the bracket [start, last trial] returned t = 0
        // although t = 5.8 had lowered the loss by 5.5.
        var w = new Wiggly(3.0782984000000004, -0.6096300000000001, 1.961192, 5.878945, -2.00908, 0.08911241);
        Accepted(w).QuickCheckThrowOnFailure();
    }

    private static Property Accepted(Wiggly w)
    {
        // Search along the descent direction d = −f'(x₀) from x₀.
        double f0 = w.F(w.X0), g0 = w.G(w.X0), d = -g0, slope0 = g0 * d;
        var search = new StrongWolfeLineSearch(1);
        var g = new[] { g0 };
        var (t, loss, evaluations, nonFinite) = search.Search((step, grad) =>
        {
            grad[0] = w.G(w.X0 + step * d);
            return w.F(w.X0 + step * d);
        }, w.T0, [d], f0, g, slope0, 1e-9);

        double x = w.X0 + t * d;
        bool consistent = loss == w.F(x) && g[0] == w.G(x) && loss <= f0;
        bool sufficientDecrease = loss <= f0 + 1e-4 * t * slope0;
        bool curvature = Math.Abs(g[0] * d) <= -0.9 * slope0;
        // The first trial and at most 25 more, as PyTorch's max_ls. When they run out first, the search keeps the best trial
        // it has (this replay once returned t = 0 although t = 5.8 had lowered the loss by 5.5): it must still make progress.
        bool outOfBudget = evaluations == 26 && t > 0 && loss < f0;
        return (consistent && sufficientDecrease && (curvature || outOfBudget) && evaluations <= 26 && nonFinite == 0)
            .Label($"t={t:R} loss={loss:R} f0={f0:R} slope={g[0] * d:R} slope0={slope0:R} evaluations={evaluations}");
    }
}
