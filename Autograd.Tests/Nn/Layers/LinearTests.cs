using Autograd.Nn;

namespace Autograd.Tests.Nn.Layers;

/// <summary>Linear: PyTorch's initialisation bounds, y = x·Wᵀ + b on a hand-computed case, shapes, and gradients.</summary>
public class LinearTests
{
    private static Linear WithWeights(double[] weight, double[]? bias)
    {
        var layer = new Linear(3, 2, bias is not null, new Random(0));
        var state = new Dictionary<string, Tensor> { ["weight"] = Tensor.FromArray(weight, [2, 3]) };
        if (bias is not null) state["bias"] = Tensor.FromArray(bias);
        layer.LoadStateDict(state);
        return layer;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(100)]
    public void InitialValuesAreUniformWithinOneOverSqrtInFeatures(int inFeatures)
    {
        var layer = new Linear(inFeatures, 200, random: new Random(inFeatures));
        double bound = 1 / Math.Sqrt(inFeatures);
        Assert.Equal([200, inFeatures], layer.Weight.Shape);
        Assert.Equal([200], layer.Bias!.Shape);
        foreach (var values in new[] { layer.Weight.ToArray(), layer.Bias.ToArray() })
        {
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            // Uniform on [−b, b]: mean 0 and variance b²/3; n ≥ 200 draws put the sample moments within a few standard errors.
            double mean = values.Average(), variance = values.Select(v => (v - mean) * (v - mean)).Average();
            Assert.InRange(mean, -5 * bound / Math.Sqrt(3 * values.Length), 5 * bound / Math.Sqrt(3 * values.Length));
            Assert.InRange(variance, bound * bound / 3 * 0.75, bound * bound / 3 * 1.25);
        }
    }

    [Fact]
    public void SameSeedGivesSameWeightsAndParametersRequireGradients()
    {
        var a = new Linear(4, 3, random: new Random(42));
        var b = new Linear(4, 3, random: new Random(42));
        var c = new Linear(4, 3, random: new Random(43));
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        Assert.Equal(a.Bias!.ToArray(), b.Bias!.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), c.Weight.ToArray());
        Assert.True(a.Weight.RequiresGrad && a.Weight.IsLeaf && a.Bias.RequiresGrad && a.Bias.IsLeaf);
        Assert.Equal((4, 3), (a.InFeatures, a.OutFeatures));
    }

    [Fact]
    public void ForwardIsXTimesWTransposedPlusBOnAHandComputedCase()
    {
        // W = [[1, 2, 3], [4, 5, 6]], b = [0.5, −1]; rows x = [1, 0, −1] and [2, 1, 0]:
        // y₀ = [1 − 3 + 0.5, 4 − 6 − 1] = [−1.5, −3], y₁ = [2 + 2 + 0.5, 8 + 5 − 1] = [4.5, 12].
        var layer = WithWeights([1, 2, 3, 4, 5, 6], [0.5, -1]);
        var y = layer.Forward(Tensor.FromArray([1, 0, -1, 2, 1, 0], [2, 3]));
        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([-1.5, -3, 4.5, 12], y.ToArray());
    }

    [Fact]
    public void WithoutBiasForwardIsXTimesWTransposed()
    {
        var layer = WithWeights([1, 2, 3, 4, 5, 6], null);
        Assert.Null(layer.Bias);
        Assert.Equal([-2, -2, 4, 13], layer.Forward(Tensor.FromArray([1, 0, -1, 2, 1, 0], [2, 3])).ToArray());
    }

    [Fact]
    public void LeadingDimensionsAreKept()
    {
        var layer = WithWeights([1, 2, 3, 4, 5, 6], [0.5, -1]);
        var one = layer.Forward(Tensor.FromArray([1, 0, -1]));
        Assert.Equal([2], one.Shape);
        Assert.Equal([-1.5, -3], one.ToArray());
        var batch = layer.Forward(Tensor.FromArray([1, 0, -1, 2, 1, 0, 1, 0, -1, 2, 1, 0], [2, 2, 3]));
        Assert.Equal([2, 2, 2], batch.Shape);
        Assert.Equal([-1.5, -3, 4.5, 12, -1.5, -3, 4.5, 12], batch.ToArray());
    }

    [Fact]
    public void GradCheckPassesForInputWeightAndBias()
    {
        var x = Tensor.FromArray([0.3, -1.1, 0.8, 1.9, 0.2, -0.4], [2, 3], requiresGrad: true);
        var w = Tensor.FromArray([0.5, -0.2, 0.1, 0.7, 0.3, -0.9], [2, 3], requiresGrad: true);
        var b = Tensor.FromArray([0.05, -0.3], requiresGrad: true);
        var result = GradCheck.Check(t => Functional.Linear(t[0], t[1], t[2]).Tanh(), [x, w, b]);
        Assert.True(result.Passed, result.ToString());
        var rank3 = GradCheck.Check(t => Functional.Linear(t[0].Reshape(1, 2, 3), t[1], t[2]), [x, w, b]);
        Assert.True(rank3.Passed, rank3.ToString());
    }

    [Fact]
    public void ModuleGradientsAreTheClosedForm()
    {
        // L = Σ y ⇒ ∂L/∂W[o, i] = Σₙ x[n, i] and ∂L/∂b[o] = N.
        var layer = new Linear(3, 2, random: new Random(5));
        layer.Forward(Tensor.FromArray([1, 2, 3, -4, 0.5, 6], [2, 3])).Sum().Backward();
        Assert.Equal([-3, 2.5, 9, -3, 2.5, 9], layer.Weight.Grad!.ToArray());
        Assert.Equal([2, 2], layer.Bias!.Grad!.ToArray());
    }

    [Fact]
    public void BadSizesAreRejectedNamingTheShapes()
    {
        var layer = new Linear(3, 2, random: new Random(1));
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(4, 2)));
        Assert.Contains("[4, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Scalar(1)));
        Assert.Throws<ArgumentException>(() => Functional.Linear(Tensor.Zeros(1, 3), layer.Weight, Tensor.Zeros(3)));
        Assert.Throws<ArgumentException>(() => Functional.Linear(Tensor.Zeros(1, 3), Tensor.Zeros(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(2, 0));
        Assert.Throws<ArgumentNullException>(() => layer.Forward(null!));
    }
}
