using CustomLayer;

namespace Autograd.Tests.Examples;

public class CustomLayerTests
{
    // What examples/CustomLayer/README.md shows a user: one line per op, shrinking counterexamples on failure.
    [Property(MaxTest = 30)]
    public Property StableSoftplusPassesGradCheckOnRandomTensors() =>
        GradProperty.Holds(x => StableSoftplus.Apply(x[0]), Domain.Real(-30, 30));

    [Property(MaxTest = 15)]
    public Property StableSoftplusPassesSecondOrderGradCheck() =>
        GradProperty.Holds(x => StableSoftplus.Apply(x[0]), new GradOptions { SecondOrder = true, MaxRank = 2 }, Domain.Real(-10, 10));

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(25.0)]
    public void ForwardMatchesTheClosedFormWhereTheNaiveFormIsAccurate(double x) =>
        Assert.Equal(Math.Log(1 + Math.Exp(x)), StableSoftplus.Softplus(x), 1e-14 * Math.Max(1, x));

    [Fact]
    public void ForwardStaysAccurateWhereTheNaiveFormFails()
    {
        Assert.Equal(800.0, StableSoftplus.Softplus(800)); // log(1 + e⁸⁰⁰) overflows to ∞ in double
        // log1p(e⁻⁴⁰) = e⁻⁴⁰ − e⁻⁸⁰/2 + …; the naive form rounds 1 + e⁻⁴⁰ to 1 and returns 0.
        Assert.Equal(Math.Exp(-40), StableSoftplus.Softplus(-40), Math.Exp(-40) * 1e-14);
    }

    [Fact]
    public void ExampleProofPasses()
    {
        var proof = GradientProof.Run(maxTest: 20);
        Assert.True(proof.FirstOrder.Passed, proof.FirstOrder.ToString());
        Assert.True(proof.SecondOrder.Passed, proof.SecondOrder.ToString());
        Assert.Null(proof.PropertyFailure);
    }

    [Fact]
    public void LayerPassesGradCheckWithRespectToFeaturesAndExposure()
    {
        var layer = new PoissonRateLayer(3, new Random(1));
        var x = Tensor.Randn([4, 3], new Random(2), requiresGrad: true);
        var exposure = Tensor.FromArray([0.5, 1, 2, 3], [4, 1], requiresGrad: true);
        GradCheck.Assert(t => layer.Forward(t[0], t[1]), [x, exposure]);
    }

    [Fact]
    public void LayerWeightGradientMatchesFiniteDifferences()
    {
        // The parameters live inside the module, so perturb them through LoadStateDict and difference the loss by hand.
        var layer = new PoissonRateLayer(2, new Random(3));
        var x = Tensor.FromArray([0.5, -1, 2, 0.25, -0.75, 1.5], [3, 2]);
        var exposure = Tensor.FromArray([1, 2, 0.5], [3, 1]);
        double Loss() => (layer.Forward(x, exposure) * 1.7).Sum().Item();
        layer.ZeroGrad();
        (layer.Forward(x, exposure) * 1.7).Sum().Backward();
        var analytic = layer.Linear.Weight.Grad!.ToArray();
        var w = layer.Linear.Weight.ToArray();
        const double eps = 1e-6;
        for (int j = 0; j < w.Length; j++)
        {
            double Shifted(double delta)
            {
                var shifted = (double[])w.Clone();
                shifted[j] += delta;
                layer.LoadStateDict(new Dictionary<string, Tensor>
                {
                    ["linear.weight"] = Tensor.FromArray(shifted, [1, 2]),
                    ["linear.bias"] = layer.Linear.Bias!.Detach(),
                });
                return Loss();
            }
            double numeric = (Shifted(eps) - Shifted(-eps)) / (2 * eps);
            Shifted(0);
            Assert.Equal(numeric, analytic[j], 1e-6);
        }
    }

    [Fact]
    public void TrainingRecoversTheTrueCoefficients()
    {
        var result = LayerTraining.Run();
        Assert.Equal(["linear.weight", "linear.bias"], result.StateDictKeys.OrderByDescending(k => k.Length));
        Assert.True(result.FinalLoss < result.InitialLoss);
        Assert.Equal(ExposureData.TrueBias, result.Coefficients[0].True);
        foreach (var c in result.Coefficients)
            Assert.True(Math.Abs(c.Learned - c.True) <= 0.1, $"{c.Term}: learned {c.Learned}, true {c.True}");
    }
}
