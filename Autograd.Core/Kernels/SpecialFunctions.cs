namespace Autograd.Kernels;

/// <summary>
/// Scalar special functions for the elementwise kernels: log1p, expm1, log|Γ|, ψ (digamma) and ψ₁ (trigamma), each a
/// pure function of one double (so a lazy block gives the same bits wherever it starts). .NET's LogP1/ExpM1 are the
/// naive log(1 + x) and eˣ − 1, and MathNet's GammaLn/DiGamma are off by up to 1e-13 (and NaN for log|Γ| at most negative
/// x), so these are written here. The series coefficients come from Autograd.Tests/Core/Ops/SpecialFunctionsReference.py.
/// </summary>
internal static class SpecialFunctions
{
    /// <summary>ln(1 + x), accurate for small |x| (Kahan: ln u · x/(u − 1) with u = 1 + x corrects u's rounding); −0 gives −0.</summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;                 // |x| below half an ulp of 1, and ±0 keeps its sign
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>eˣ − 1, accurate for small |x| (Kahan: (u − 1) · x/ln u with u = eˣ); −0 gives −0.</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * (x / Math.Log(u));
    }

    /// <summary>|sin(πx)|, reduced exactly to |r| ≤ 1/2 first (x − round(x) has no rounding error), so large |x| keeps its accuracy.</summary>
    private static double AbsSinPi(double x) => Math.Abs(Math.Sin(Math.PI * (x - Math.Round(x))));

    private const double LnSqrt2Pi = 0.91893853320467274178;   // ½ ln 2π

    /// <summary>Taylor coefficients c_k (k = 1..30) of ln Γ(2 + z) = Σ c_k zᵏ: c₁ = 1 − γ, c_k = (−1)ᵏ(ζ(k) − 1)/k.</summary>
    private static readonly double[] LogGammaAt2 =
    [
        0.42278433509846713, 0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986,
        0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939, 9.945751278180853e-05,
        -4.492623673813314e-05, 2.050721277567069e-05, -9.439488275268397e-06, 4.374866789907488e-06, -2.039215753801366e-06,
        9.55141213040742e-07, -4.492469198764566e-07, 2.1207184805554665e-07, -1.0043224823968099e-07, 4.7698101693639804e-08,
        -2.2711094608943164e-08, 1.0838659214896955e-08, -5.183475041970047e-09, 2.4836745438024785e-09, -1.1921401405860912e-09,
        5.731367241678862e-10, -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11, 3.1044247747322276e-11,
    ];

    /// <summary>ln Γ(2 + z) for |z| ≤ 1/2 from its Taylor series (exactly 0 at z = 0, so ln Γ(1) = ln Γ(2) = 0).</summary>
    private static double LogGammaNear2(double z)
    {
        double s = 0;
        for (int k = LogGammaAt2.Length - 1; k >= 0; k--) s = s * z + LogGammaAt2[k];
        return s * z;
    }

    /// <summary>
    /// ln|Γ(x)| (PyTorch's lgamma): +∞ at 0, the negative integers and ±∞; the reflection ln π − ln|sin πx| − ln|Γ(1 − x)|
    /// below 1/2; the Taylor series about 2 on [1/2, 5/2) (with ln Γ(x) = ln Γ(x + 1) − ln x below 3/2); downward
    /// recurrence to [3/2, 5/2) below 16; Stirling's series from 16.
    /// </summary>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return double.PositiveInfinity;
        if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;   // poles
        if (x < 0.5)
        {
            if (x > 0) return LogGammaNear2(x) - Log1p(x) - Math.Log(x);   // ln Γ(x + 1) − ln x, with x + 1 never rounded
            double reflected = x > -0.5 ? LogGammaNear2(-x) - Log1p(-x) : LogGamma(1.0 - x);   // ln Γ(1 − x), 1 − x unrounded near 0
            return Math.Log(Math.PI) - Math.Log(AbsSinPi(x)) - reflected;
        }
        if (x < 1.5) { double z = x - 1.0; return LogGammaNear2(z) - Log1p(z); }
        if (x < 2.5) return LogGammaNear2(x - 2.0);
        if (x < 16)
        {
            double n = Math.Floor(x - 1.5), product = 1;     // x − n ∈ [1.5, 2.5)
            for (double k = 1; k <= n; k++) product *= x - k;
            return LogGammaNear2(x - (n + 2.0)) + Math.Log(product);
        }
        double inv = 1.0 / x, inv2 = inv * inv, lnx = Math.Log(x);
        // Σ B₂ₖ/(2k(2k − 1) x²ᵏ⁻¹), k = 1..7
        double series = inv * (1.0 / 12 + inv2 * (-1.0 / 360 + inv2 * (1.0 / 1260 + inv2 * (-1.0 / 1680 + inv2 * (1.0 / 1188
            + inv2 * (-691.0 / 360360 + inv2 * (1.0 / 156)))))));
        return x * (lnx - 1.0) - 0.5 * lnx + LnSqrt2Pi + series;
    }

    private const double DigammaRootHi = 1.4616321449683622, DigammaRootLo = 9.549995429965697e-17;

    /// <summary>Taylor coefficients a_n = ψ⁽ⁿ⁾(x₀)/n! (n = 1..26) of ψ about its positive root x₀.</summary>
    private static readonly double[] DigammaAtRoot =
    [
        0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
        -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
        0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328, 0.002305126326734928,
        -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
        0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.569179582195066e-05, 5.178575795222081e-05,
        -3.5430070947659604e-05,
    ];

    /// <summary>ψ(2 + z) = d ln Γ(2 + z)/dz = Σ k c_k zᵏ⁻¹ for |z| ≤ 1/2.</summary>
    private static double DigammaNear2(double z)
    {
        double s = 0;
        for (int k = LogGammaAt2.Length; k >= 1; k--) s = s * z + k * LogGammaAt2[k - 1];
        return s;
    }

    /// <summary>π·cot(πx), reduced exactly to |r| ≤ 1/2 and, from |r| ≥ 1/4, computed as ±π·tan(π(1/2 − |r|)) (exactly 0 at r = ±1/2).</summary>
    private static double PiCotPi(double x)
    {
        double r = x - Math.Round(x), a = Math.Abs(r);
        if (a < 0.25) return Math.PI / Math.Tan(Math.PI * r);
        return Math.CopySign(Math.PI * Math.Tan(Math.PI * (0.5 - a)), r);
    }

    /// <summary>
    /// ψ(x) = Γ′(x)/Γ(x) as PyTorch: ψ(+0) = −∞, ψ(−0) = +∞, NaN at the negative integers and −∞, +∞ at +∞; the reflection
    /// ψ(1 − x) − π·cot(πx) below 0; the Taylor series about the root x₀ ≈ 1.4616 within 1/4 of it; the series about 2
    /// on [1/2, 5/2) otherwise (with ψ(x) = ψ(x + 1) − 1/x below x₀); elsewhere upward recurrence ψ(x) = ψ(x + 1) − 1/x to
    /// x ≥ 16 and the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ).
    /// </summary>
    public static double Digamma(double x)
    {
        if (x == 0) return double.IsNegative(x) ? double.PositiveInfinity : double.NegativeInfinity;
        if (x < 0)
        {
            if (x == Math.Floor(x)) return double.NaN;     // the negative integers and −∞
            return Digamma(1.0 - x) - PiCotPi(x);
        }
        double t = x - DigammaRootHi - DigammaRootLo;
        if (Math.Abs(t) <= 0.25)
        {
            double s = 0;
            for (int n = DigammaAtRoot.Length - 1; n >= 0; n--) s = s * t + DigammaAtRoot[n];
            return s * t;
        }
        if (x >= 0.5 && x < 2.5) return x < DigammaRootHi ? DigammaNear2(x - 1.0) - 1.0 / x : DigammaNear2(x - 2.0);
        double shift = 0;
        for (; x < 16; x++) shift += 1.0 / x;   // NaN fails the test and falls through
        double inv2 = 1.0 / (x * x);
        // Σ B₂ₖ/(2k x²ᵏ), k = 1..8
        double series = inv2 * (1.0 / 12 + inv2 * (-1.0 / 120 + inv2 * (1.0 / 252 + inv2 * (-1.0 / 240 + inv2 * (1.0 / 132
            + inv2 * (-691.0 / 32760 + inv2 * (1.0 / 12 + inv2 * (-3617.0 / 8160))))))));
        return Math.Log(x) - 0.5 / x - series - shift;
    }

    /// <summary>
    /// ψ₁(x) = ψ′(x) = Σₙ 1/(x + n)²: +∞ at 0 and the negative integers (the limit from both sides), NaN at −∞, 0 at +∞;
    /// the reflection π²/sin²(πx) − ψ₁(1 − x) below 0; elsewhere upward recurrence ψ₁(x) = ψ₁(x + 1) + 1/x² to x ≥ 16 and
    /// the asymptotic series 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹.
    /// </summary>
    public static double Trigamma(double x)
    {
        if (x <= 0)
        {
            if (double.IsNegativeInfinity(x)) return double.NaN;
            if (x == Math.Floor(x)) return double.PositiveInfinity;
            double s = AbsSinPi(x);
            return Math.PI * Math.PI / (s * s) - Trigamma(1.0 - x);
        }
        double shift = 0;
        for (; x < 16; x++) shift += 1.0 / (x * x);
        double inv = 1.0 / x, inv2 = inv * inv;
        // 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹, k = 1..8
        double series = inv * inv2 * (1.0 / 6 + inv2 * (-1.0 / 30 + inv2 * (1.0 / 42 + inv2 * (-1.0 / 30 + inv2 * (5.0 / 66
            + inv2 * (-691.0 / 2730 + inv2 * (7.0 / 6 + inv2 * (-3617.0 / 510))))))));
        return inv + 0.5 * inv2 + series + shift;
    }
}
