using Autograd.Nn;
using MathNet.Numerics.Distributions;

namespace Autograd.Tests.Nn.Losses;

/// <summary>
/// Properties of PoissonNLLLoss checked against independent references: the closed-form gradient,
/// the invariance of the input gradient under <c>full</c>, and the exact log-PMF from MathNet.Numerics.
/// </summary>
public class PoissonNLLLossPropertyTests
{
    /// <summary>One random loss evaluation: values, upstream weights (for Reduction.None) and settings.</summary>
    public sealed record Case(int[] Shape, double[] X, double[] Y, double[] W, bool LogInput, bool Full, double Eps, Reduction Reduction)
    {
        public override string ToString() =>
            $"shape [{string.Join(",", Shape)}] x [{string.Join(", ", X)}] y [{string.Join(", ", Y)}] w [{string.Join(", ", W)}] logInput {LogInput} full {Full} eps {Eps} {Reduction}";
    }

    /// <summary>A uniform double in [lo, hi] on a fine grid (2·10⁶ steps).</summary>
    private static Gen<double> Uniform(double lo, double hi) =>
        Gen.Choose(0, 2_000_000).Select(k => lo + (hi - lo) * k / 2_000_000.0);

    /// <summary>Targets: whole counts 0..12 (zeros and ones included) or non-negative reals.</summary>
    private static readonly Gen<double> Target = Gen.OneOf(Gen.Choose(0, 12).Select(k => (double)k), Uniform(0, 12));

    private static readonly Gen<Case> Cases =
        from rank in Gen.Choose(0, 3)
        from shape in Gen.ArrayOf(Gen.Choose(1, 4), rank)
        let n = shape.Aggregate(1, (a, b) => a * b)
        from logInput in Gen.Elements(true, false)
        from x in Gen.ArrayOf(logInput ? Uniform(-3, 3) : Uniform(0.05, 10), n)
        from y in Gen.ArrayOf(Target, n)
        from w in Gen.ArrayOf(Uniform(-2, 2), n)
        from full in Gen.Elements(true, false)
        from eps in Gen.Elements(0.0, 1e-8, 0.5)
        from reduction in Gen.Elements(Reduction.None, Reduction.Mean, Reduction.Sum)
        select new Case(shape, x, y, w, logInput, full, eps, reduction);

    /// <summary>Runs the loss on a fresh input leaf and backpropagates (the upstream weights for None); returns value and input gradient.</summary>
    private static (double[] Value, double[] Grad) Run(Case c, bool full)
    {
        var x = Tensor.FromArray(c.X, c.Shape, requiresGrad: true);
        var loss = Functional.PoissonNLLLoss(x, Tensor.FromArray(c.Y, c.Shape), c.LogInput, full, c.Eps, c.Reduction);
        if (c.Reduction == Reduction.None) loss.Backward(Tensor.FromArray(c.W, c.Shape));
        else loss.Backward();
        return (loss.ToArray(), x.Grad!.ToArray());
    }

    /// <summary>The weight dL/dℓᵢ each element's loss gets from the reduction.</summary>
    private static double Weight(Case c, int i) => c.Reduction switch
    {
        Reduction.Mean => 1.0 / c.X.Length,
        Reduction.Sum => 1.0,
        _ => c.W[i],
    };

    [Property(MaxTest = 200)]
    public Property InputGradientEqualsClosedForm() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var (_, grad) = Run(c, c.Full);
        for (int i = 0; i < c.X.Length; i++)
        {
            double x = c.X[i], y = c.Y[i], w = Weight(c, i);
            // ∂ℓ/∂x = eˣ − y (log input) or 1 − y/(x + ε) (rate); the tolerance is relative to the terms subtracted.
            var (a, b) = c.LogInput ? (Math.Exp(x), y) : (1.0, y / (x + c.Eps));
            double expected = (a - b) * w, scale = (Math.Abs(a) + Math.Abs(b)) * Math.Abs(w);
            Assert.True(Math.Abs(grad[i] - expected) <= 1e-12 * scale,
                $"element {i}: engine {grad[i]:R}, closed form {expected:R}");
        }
    });

    [Property(MaxTest = 200)]
    public Property FullChangesTheValueByStirlingButNeverTheInputGradient() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var plain = Run(c with { Reduction = Reduction.None }, full: false);
        var full = Run(c with { Reduction = Reduction.None }, full: true);
        Assert.Equal(plain.Grad, full.Grad); // bit for bit
        for (int i = 0; i < c.Y.Length; i++)
        {
            double y = c.Y[i];
            double stirling = y > 1 ? y * Math.Log(y) - y + 0.5 * Math.Log(2 * Math.PI * y) : 0.0;
            double difference = full.Value[i] - plain.Value[i];
            Assert.True(Math.Abs(difference - stirling) <= 1e-12 * (Math.Abs(plain.Value[i]) + Math.Abs(full.Value[i]) + Math.Abs(stirling)),
                $"element {i}: y {y:R}, value changed by {difference:R}, Stirling term {stirling:R}");
        }
        var reducedPlain = Run(c, full: false);
        var reducedFull = Run(c, full: true);
        Assert.Equal(reducedPlain.Grad, reducedFull.Grad);
    });

    private static readonly Gen<(int Y, double Lambda, bool LogInput)> CountsAndRates =
        from y in Gen.Choose(2, 60)
        from lambda in Uniform(0.01, 60)
        from logInput in Gen.Elements(true, false)
        select (y, lambda, logInput);

    [Property(MaxTest = 200)]
    public Property FullLossIsWithinStirlingBoundOfExactPoissonLogPmf() => Prop.ForAll(CountsAndRates.ToArbitrary(), c =>
    {
        double loss = FullLoss(c.Y, c.Lambda, c.LogInput);
        // −log P(y; λ) = λ − y·log λ + log y!, and Robbins: 1/(12y + 1) < log y! − Stirling(y) < 1/(12y).
        double exact = -Poisson.PMFLn(c.Lambda, c.Y);
        double remainder = exact - loss, tol = 1e-12 * (Math.Abs(exact) + 1);
        Assert.True(remainder <= 1.0 / (12 * c.Y) + tol && remainder >= 1.0 / (12 * c.Y + 1) - tol,
            $"y {c.Y}, λ {c.Lambda:R}: −log PMF {exact:R}, loss {loss:R}, remainder {remainder:R}");
    });

    [Theory]
    [InlineData(0, 0.3)] [InlineData(0, 1.0)] [InlineData(0, 7.5)]
    [InlineData(1, 0.3)] [InlineData(1, 1.0)] [InlineData(1, 7.5)] [InlineData(1, 42.0)]
    public void FullLossForZeroAndOneIsExactlyTheLogPmf(int y, double lambda)
    {
        foreach (bool logInput in new[] { true, false })
        {
            // The Stirling term is exactly 0 for y ≤ 1, and log 0! = log 1! = 0, so the loss is λ − y·log λ = −log P(y; λ).
            Assert.Equal(FullLoss(y, lambda, logInput, full: false), FullLoss(y, lambda, logInput));
            double exact = -Poisson.PMFLn(lambda, y);
            Assert.True(Math.Abs(FullLoss(y, lambda, logInput) - exact) <= 1e-14 * (lambda + Math.Abs(Math.Log(lambda))), $"y {y}, λ {lambda}");
        }
    }

    /// <summary>The one-element loss for count y at rate λ, given as log λ or as λ (with ε = 0).</summary>
    private static double FullLoss(int y, double lambda, bool logInput, bool full = true) =>
        Functional.PoissonNLLLoss(
            Tensor.FromArray([logInput ? Math.Log(lambda) : lambda]), Tensor.FromArray([(double)y]),
            logInput, full, eps: 0, Reduction.Sum).Item();
}
