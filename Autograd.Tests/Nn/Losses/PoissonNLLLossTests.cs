using Autograd.Nn;

namespace Autograd.Tests.Nn.Losses;

/// <summary>PoissonNLLLoss against published libtorch values, finite differences and closed-form target gradients.</summary>
public class PoissonNLLLossTests
{
    private static Tensor T(params double[] values) => Tensor.FromArray(values);

    [Fact]
    public void AnOverflowingRateSpoilsOnlyItsOwnGradientAsInPyTorch()
    {
        // PyTorch: d/dxᵢ mean(eˣ − t·x) = (e^xᵢ − tᵢ)/n elementwise, so e^710 = ∞ leaves the other gradient finite.
        var x = Tensor.FromArray([1.0, 710.0], requiresGrad: true);
        var loss = Functional.PoissonNLLLoss(x, T(2.0, 3.0));
        Assert.Equal(double.PositiveInfinity, loss.Item());
        loss.Backward();
        Assert.Equal((Math.E - 2.0) / 2, x.Grad!.ToArray()[0], 1e-15);
        Assert.Equal(double.PositiveInfinity, x.Grad!.ToArray()[1]);
    }

    [Fact]
    public void SeedExampleWithLogInputMatchesLibtorch()
    {
        var loss = new PoissonNLLLoss().Forward(T(1.5, 0.3, -0.5, 2.0), T(4, 1, 0, 7));
        Assert.Equal(-1.6182163408606622, loss.Item(), 1e-14);
    }

    [Fact]
    public void SeedExampleWithRateInputAndFullMatchesLibtorch()
    {
        // The seed figure 1.2624742696156885 came from TorchSharp 0.107's poisson_nll_loss, which drops eps (it passes it as
        // a float to a native double): it is the eps = 0 value. With the default eps = 1e-8, libtorch 2.10 computing PyTorch's
        // own formula x − y·log(x + eps) + Stirling from primitives gives 1.2624742625601328 (Σ y·eps/x / 4 ≈ 7e-9 lower).
        var x = T(4.5, 1.0, 0.5, 7.5);
        var y = T(4, 1, 0, 7);
        Assert.Equal(1.2624742696156885, new PoissonNLLLoss(logInput: false, full: true, eps: 0).Forward(x, y).Item(), 1e-14);
        Assert.Equal(1.2624742625601328, new PoissonNLLLoss(logInput: false, full: true).Forward(x, y).Item(), 1e-14);
    }

    [Theory]
    [InlineData(Reduction.None, new[] { 1.1487213, 1.4816891, 4.6824940 })]
    [InlineData(Reduction.Sum, new[] { 7.3129043 })]
    [InlineData(Reduction.Mean, new[] { 2.4376348 })]
    public void LogInputReductionsMatchLibtorch(Reduction reduction, double[] expected)
    {
        var loss = new PoissonNLLLoss(reduction: reduction).Forward(T(0.5, 1.5, 2.5), T(1, 2, 3));
        AssertClose(expected, loss.ToArray(), 5e-8); // published to 7 decimals
        Assert.Equal(reduction == Reduction.None ? [3] : [], loss.Shape);
    }

    [Fact]
    public void StirlingTermAppliesOnlyAboveOneAsInLibtorch()
    {
        var loss = new PoissonNLLLoss(full: true, reduction: Reduction.None).Forward(Tensor.Zeros(6), T(0, 0.5, 1, 1.5, 2, 5));
        AssertClose([1, 1, 1, 1.2298687, 1.6518065, 5.7708471], loss.ToArray(), 5e-8);
    }

    [Fact]
    public void RateInputWithFullAndZeroEpsMatchesLibtorch()
    {
        var loss = new PoissonNLLLoss(logInput: false, full: true, eps: 0).Forward(T(3), T(5));
        Assert.Equal(2.2777856, loss.Item(), 5e-8);
    }

    public static TheoryData<bool, bool, Reduction> AllModes()
    {
        var data = new TheoryData<bool, bool, Reduction>();
        foreach (bool logInput in new[] { true, false })
            foreach (bool full in new[] { true, false })
                foreach (var reduction in Enum.GetValues<Reduction>())
                    data.Add(logInput, full, reduction);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void GradCheckPassesForInputAndTarget(bool logInput, bool full, Reduction reduction)
    {
        // Targets stay more than the finite-difference step away from 0 (not a count) and 1 (where the Stirling mask switches).
        var x = Tensor.FromArray(logInput ? [-0.8, 0.1, 1.4, -0.3, 0.9, 1.7] : [0.6, 1.3, 2.9, 0.8, 2.2, 3.5], [2, 3], requiresGrad: true);
        var y = Tensor.FromArray([0.3, 2.5, 4, 0.7, 3.2, 6], [2, 3], requiresGrad: true);
        var result = GradCheck.Check(t => Functional.PoissonNLLLoss(t[0], t[1], logInput, full, 1e-8, reduction), [x, y]);
        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TargetGradientIsFiniteAndClosedFormIncludingZeroWithFull(bool logInput)
    {
        double[] xs = logInput ? [0.4, -1.2, 0.7, 2.0] : [0.4, 1.2, 0.7, 2.0], ys = [0, 0.5, 1, 3];
        var x = T(xs);
        var y = Tensor.FromArray(ys, requiresGrad: true);
        Functional.PoissonNLLLoss(x, y, logInput, full: true, eps: 1e-8, Reduction.Sum).Backward();
        var grad = y.Grad!.ToArray();
        for (int i = 0; i < ys.Length; i++)
        {
            // ∂ℓ/∂y = −x (log input) or −log(x + ε) (rate), plus d/dy Stirling = log y + 1/(2y) where y > 1.
            double expected = (logInput ? -xs[i] : -Math.Log(xs[i] + 1e-8)) + (ys[i] > 1 ? Math.Log(ys[i]) + 0.5 / ys[i] : 0);
            Assert.True(double.IsFinite(grad[i]), $"target gradient at y = {ys[i]} is {grad[i]}");
            Assert.Equal(expected, grad[i], 1e-12);
        }
    }

    [Fact]
    public void ModuleExposesItsSettingsAndDelegatesToTheFunctionalForm()
    {
        var loss = new PoissonNLLLoss(logInput: false, full: true, eps: 0.25, reduction: Reduction.Sum);
        Assert.False(loss.LogInput);
        Assert.True(loss.Full);
        Assert.Equal(0.25, loss.Eps);
        Assert.Equal(Reduction.Sum, loss.Reduction);
        Assert.Empty(loss.Parameters());
        var x = T(0.5, 2, 3.5);
        var y = T(0, 2, 7);
        // Value: Σ x − y·log(x + ε) + Stirling(y > 1).
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            double xi = x.Span[i], yi = y.Span[i];
            expected += xi - yi * Math.Log(xi + 0.25) + (yi > 1 ? yi * Math.Log(yi) - yi + 0.5 * Math.Log(2 * Math.PI * yi) : 0);
        }
        Assert.Equal(expected, loss.Forward(x, y).Item(), 1e-13);
    }

    [Fact]
    public void DefaultsAreTorchDefaults()
    {
        var loss = new PoissonNLLLoss();
        Assert.True(loss.LogInput);
        Assert.False(loss.Full);
        Assert.Equal(1e-8, loss.Eps);
        Assert.Equal(Reduction.Mean, loss.Reduction);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
