using System.Numerics.Tensors;

namespace Autograd.Optim;

/// <summary>
/// Line search along a direction d for a step t satisfying the strong Wolfe conditions
/// f(x + t·d) ≤ f(x) + c₁·t·∇f(x)·d and |∇f(x + t·d)·d| ≤ c₂·|∇f(x)·d|, with c₁ = 1e-4, c₂ = 0.9:
/// bracketing with cubic extrapolation, then zooming with safeguarded cubic interpolation, step for step as
/// torch.optim.LBFGS's <c>strong_wolfe</c> (after minFunc and torch7's lswolfe), with two departures: a trial whose loss
/// is NaN or infinite is a step too far (while bracketing, the search backtracks halfway toward the last finite trial and
/// never extrapolates past it; while zooming, it becomes the high end), and when the evaluations run out while
/// extrapolating, the best trial so far is kept rather than the start.
/// </summary>
internal sealed class StrongWolfeLineSearch
{
    private const double C1 = 1e-4, C2 = 0.9;
    private const int MaxEvaluations = 25;

    /// <summary>Evaluates f(x + t·d) for a step t, writing ∇f(x + t·d) into the span, and returns the loss.</summary>
    public delegate double Objective(double t, Span<double> gradient);

    // Gradients at the current trial, at the previous trial and at both ends of the bracket.
    private double[] _gNew, _gPrev, _bracketGLow, _bracketGHigh;

    /// <summary>Allocates the four gradient buffers for a problem of <paramref name="n"/> variables.</summary>
    public StrongWolfeLineSearch(int n)
    {
        _gNew = new double[n];
        _gPrev = new double[n];
        _bracketGLow = new double[n];
        _bracketGHigh = new double[n];
    }

    /// <summary>The accepted step and its loss, the number of evaluations, and how many of them gave a non-finite loss.</summary>
    public readonly record struct Result(double Step, double Loss, int Evaluations, int NonFiniteTrials)
    {
        /// <summary>True when every trial was non-finite, so the search stayed at step 0.</summary>
        public bool FoundNoFiniteLoss => Step == 0 && NonFiniteTrials == Evaluations;
    }

    /// <summary>
    /// Searches from step <paramref name="t"/> along <paramref name="d"/>, starting at loss <paramref name="f"/>, gradient
    /// <paramref name="g"/> and slope <paramref name="gtd"/> = g·d. Returns the accepted step and its loss, overwrites
    /// <paramref name="g"/> with the gradient there, and reports how many times the objective was evaluated and how many
    /// of those losses were not finite. The accepted step never has a non-finite loss: at worst it is 0.
    /// </summary>
    public Result Search(Objective objective, double t, ReadOnlySpan<double> d,
        double f, Span<double> g, double gtd, double toleranceChange)
    {
        double dNorm = FlatParameters.MaxAbs(d);
        int evaluations = 0, iterations = 0, nonFinite = 0;
        double Trial(double step)
        {
            double value = objective(step, _gNew);
            evaluations++;
            if (!double.IsFinite(value)) nonFinite++;
            return value;
        }
        double fNew = Trial(t);
        double gtdNew = TensorPrimitives.Dot(_gNew, d);
        double tooFar = double.PositiveInfinity; // the smallest step seen with a non-finite loss

        // Bracket [a, b] with values fa, fb, slopes ga, gb; gradients in _bracketGLow (a) and _bracketGHigh (b).
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        g.CopyTo(_gPrev);
        double a = 0, b = 0, fa = 0, fb = 0, ga = 0, gb = 0;
        bool done = false;
        while (iterations < MaxEvaluations)
        {
            if (!double.IsFinite(fNew))
            {
                // A step too far: back off halfway toward the last finite trial and look again.
                tooFar = t;
                t = tPrev + (t - tPrev) / 2;
                fNew = Trial(t);
                gtdNew = TensorPrimitives.Dot(_gNew, d);
                iterations++;
                continue;
            }
            if (fNew > f + C1 * t * gtd || (iterations > 1 && fNew >= fPrev))
            {
                (a, fa, ga, b, fb, gb) = (tPrev, fPrev, gtdPrev, t, fNew, gtdNew);
                _gPrev.CopyTo(_bracketGLow);
                _gNew.CopyTo(_bracketGHigh);
                break;
            }
            if (Math.Abs(gtdNew) <= -C2 * gtd)
            {
                (a, fa, ga, b, fb, gb) = (t, fNew, gtdNew, t, fNew, gtdNew);
                _gNew.CopyTo(_bracketGLow);
                _gNew.CopyTo(_bracketGHigh);
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                (a, fa, ga, b, fb, gb) = (tPrev, fPrev, gtdPrev, t, fNew, gtdNew);
                _gPrev.CopyTo(_bracketGLow);
                _gNew.CopyTo(_bracketGHigh);
                break;
            }

            // Extrapolate: a cubic step bounded to [t + 0.01·(t − tPrev), 10·t], and to halfway toward a step known too far.
            double maxStep = Math.Min(t * 10, t + (tooFar - t) / 2), minStep = Math.Min(t + 0.01 * (t - tPrev), maxStep);
            double next = CubicMinimum(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            (tPrev, fPrev, gtdPrev) = (t, fNew, gtdNew);
            (_gPrev, _gNew) = (_gNew, _gPrev);
            t = next;
            fNew = Trial(t);
            gtdNew = TensorPrimitives.Dot(_gNew, d);
            iterations++;
        }
        if (iterations == MaxEvaluations)
        {
            // Out of evaluations while extrapolating: choose the lower of the last two trials (no zoom follows). The earlier
            // one is the start or a finite trial with sufficient decrease, so a long extrapolation keeps its progress.
            (a, fa, b, fb) = (tPrev, fPrev, t, fNew);
            _gPrev.CopyTo(_bracketGLow);
            _gNew.CopyTo(_bracketGHigh);
        }

        // Zoom: shrink the bracket until a point satisfies the conditions. "low" is the end with the smaller loss
        // (never a non-finite one: a comparison with NaN is false, so b is low only when fb < fa).
        bool lowIsA = !(fb < fa);
        bool insufficientProgress = false;
        while (!done && iterations < MaxEvaluations)
        {
            if (Math.Abs(b - a) * dNorm < toleranceChange) break;

            t = CubicMinimum(a, fa, ga, b, fb, gb, Math.Min(a, b), Math.Max(a, b));
            double hi = Math.Max(a, b), lo = Math.Min(a, b), margin = 0.1 * (hi - lo);
            if (Math.Min(hi - t, t - lo) < margin)
            {
                // Too close to an end: after a second such trial, or when at or past an end, move 10% of the width inside.
                if (insufficientProgress || t >= hi || t <= lo)
                {
                    t = Math.Abs(t - hi) < Math.Abs(t - lo) ? hi - margin : lo + margin;
                    insufficientProgress = false;
                }
                else insufficientProgress = true;
            }
            else insufficientProgress = false;

            fNew = Trial(t);
            gtdNew = TensorPrimitives.Dot(_gNew, d);
            iterations++;

            double fLow = lowIsA ? fa : fb;
            if (!double.IsFinite(fNew) || fNew > f + C1 * t * gtd || fNew >= fLow)
            {
                // Not enough decrease (or no finite loss at all): the trial replaces the high end.
                if (lowIsA) { (b, fb, gb) = (t, fNew, gtdNew); _gNew.CopyTo(_bracketGHigh); }
                else { (a, fa, ga) = (t, fNew, gtdNew); _gNew.CopyTo(_bracketGLow); }
                lowIsA = !(fb < fa);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -C2 * gtd) done = true;
                else if (gtdNew * (lowIsA ? b - a : a - b) >= 0)
                {
                    // The slope points back past the low end: the old low becomes the high end.
                    if (lowIsA) { (b, fb, gb) = (a, fa, ga); _bracketGLow.CopyTo(_bracketGHigh); }
                    else { (a, fa, ga) = (b, fb, gb); _bracketGHigh.CopyTo(_bracketGLow); }
                }
                // The trial becomes the low end.
                if (lowIsA) { (a, fa, ga) = (t, fNew, gtdNew); _gNew.CopyTo(_bracketGLow); }
                else { (b, fb, gb) = (t, fNew, gtdNew); _gNew.CopyTo(_bracketGHigh); }
            }
        }

        if (lowIsA) { _bracketGLow.CopyTo(g); return new Result(a, fa, evaluations, nonFinite); }
        _bracketGHigh.CopyTo(g);
        return new Result(b, fb, evaluations, nonFinite);
    }

    /// <summary>
    /// Minimiser of the cubic through (x₁, f₁) and (x₂, f₂) with slopes g₁, g₂, clamped to [lo, hi]:
    /// d₁ = g₁ + g₂ − 3(f₁ − f₂)/(x₁ − x₂), d₂ = √(d₁² − g₁g₂), x = x₂ − (x₂ − x₁)(g₂ + d₂ − d₁)/(g₂ − g₁ + 2d₂)
    /// (roles swapped when x₁ &gt; x₂); the midpoint of [lo, hi] when d₁² &lt; g₁g₂ (no real minimiser) or when an
    /// input is not finite.
    /// </summary>
    internal static double CubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi)
    {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (!(d2Square >= 0)) return (lo + hi) / 2.0;
        double d2 = Math.Sqrt(d2Square);
        double minimum = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return double.IsNaN(minimum) ? (lo + hi) / 2.0 : Math.Min(Math.Max(minimum, lo), hi);
    }
}
