using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

/// <summary>
/// A step after Backward(createGraph: true): a large gradient is then a lazy expression that reads the parameters
/// (2p for Σp², p₂ for Σp₁·p₂), so an optimizer must compute every gradient before it writes any parameter.
/// Both sizes must agree: below 16,384 elements the gradient is computed at once, at or above it lazily.
/// </summary>
public class CreateGraphGradientStepTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(20_000)]
    public void AdamStepsOnAGradientThatReadsItsOwnParameter(int n)
    {
        var p = Tensor.Randn([n], new Random(1), requiresGrad: true);
        var before = p.ToArray();
        (p * p).Sum().Backward(retainGraph: false, createGraph: true);   // g = 2p
        new Adam([p], lr: 0.1).Step();
        // Adam's first step, bias-corrected: m̂ = g, v̂ = g², so p ← p − lr·g/(|g| + ε) with g = 2p and ε = 1e-8.
        var after = p.ToArray();
        for (int i = 0; i < n; i++)
        {
            double g = 2 * before[i];
            Assert.Equal(before[i] - 0.1 * g / (Math.Abs(g) + 1e-8), after[i], 1e-12);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(20_000)]
    public void SgdStepsEveryParameterWhenOneGradientReadsTheOther(int n)
    {
        var r = new Random(2);
        var p1 = Tensor.Randn([n], r, requiresGrad: true);
        var p2 = Tensor.Randn([n], r, requiresGrad: true);
        var (a, b) = (p1.ToArray(), p2.ToArray());
        (p1 * p2).Sum().Backward(retainGraph: false, createGraph: true);   // ∂/∂p₁ = p₂, ∂/∂p₂ = p₁
        new Sgd([p1, p2], lr: 0.1).Step();
        Assert.Equal(a.Select((x, i) => x - 0.1 * b[i]), p1.ToArray());
        Assert.Equal(b.Select((x, i) => x - 0.1 * a[i]), p2.ToArray());
    }
}
