# Reference values for ElementwiseMathTests: log|Γ(x)|, ψ(x), ψ₁(x), log1p, expm1 at 40 significant digits with mpmath,
# rounded to the nearest double and printed as C# tuples (x, lgamma, digamma, trigamma) / (x, log1p, expm1).
# Run: python3 SpecialFunctionsReference.py   (mpmath 1.3.0 produced the values inlined in the tests)
import mpmath

mpmath.mp.dps = 40

special_points = [
    1e-300, 1e-10, 1e-5, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0, 1.01, 1.1, 1.25,
    1.4616321449683622, 1.5, 1.75, 1.9, 1.99, 2.0, 2.01, 2.1, 2.5, 3.0, 3.7, 5.0, 6.5, 9.99, 10.0,
    10.5, 25.3, 100.25, 1234.5, 1e5, 1e10, 1e15, 1e100,
    -1e-10, -0.1, -0.5, -0.9, -1.1, -1.5, -2.5, -2.999, -3.7, -10.3, -20.5, -100.5, -1000.25,
]

print("// (x, lgamma, digamma, trigamma)")
for x in special_points:
    mx = mpmath.mpf(x)
    lg = mpmath.log(abs(mpmath.gamma(mx))) if x < 1e50 else mpmath.loggamma(mx).real
    dg = mpmath.digamma(mx)
    tg = mpmath.psi(1, mx)
    print("(%r, %r, %r, %r)," % (x, float(lg), float(dg), float(tg)))

elementary_points = [1e-300, 1e-20, 1e-10, -1e-10, 1e-5, -1e-5, 0.001, -0.001, 0.1, -0.1, 0.5, -0.5, 0.9, -0.9,
                     1.0, -0.999, 2.0, 10.0, -10.0, 30.0, -30.0, 700.0, 1e10, 1e300]
print("// (x, log1p, expm1)")
for x in elementary_points:
    mx = mpmath.mpf(x)
    l1 = mpmath.log1p(mx) if x > -1 else mpmath.nan
    e1 = mpmath.expm1(mx) if x < 709 else mpmath.inf
    print("(%r, %r, %r)," % (x, float(l1), float(e1)))

# The Taylor coefficients of log Γ(2 + z) = Σ c_k z^k (k ≥ 1) that Autograd.Core/Kernels/SpecialFunctions.cs uses
# on |z| ≤ 1/2: c_1 = 1 − γ, c_k = (−1)^k (ζ(k) − 1)/k.
print("// log Γ(2 + z) coefficients c_1..c_30")
coefficients = [1 - mpmath.euler] + [(-1) ** k * (mpmath.zeta(k) - 1) / k for k in range(2, 31)]
print(", ".join("%r" % float(c) for c in coefficients))

# ψ near its positive root x₀ ≈ 1.4616 (where recurrence cancels): x₀ split into two doubles, and the Taylor
# coefficients a_n = ψ⁽ⁿ⁾(x₀)/n! (n = 1..26) of ψ(x₀ + t) used on |t| ≤ 0.3.
root = mpmath.findroot(mpmath.digamma, 1.46)
hi = float(root)
print("// digamma root hi, lo; coefficients a_1..a_26")
print("%r, %r" % (hi, float(root - mpmath.mpf(hi))))
print(", ".join("%r" % float(mpmath.psi(n, root) / mpmath.factorial(n)) for n in range(1, 27)))
