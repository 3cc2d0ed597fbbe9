using Autograd.Data;
using Autograd.Nn;
using Autograd.Optim;

namespace CustomLayer;

/// <summary>A learned coefficient beside the true one.</summary>
/// <param name="Term">Coefficient name.</param>
/// <param name="True">The value the data was drawn with.</param>
/// <param name="Learned">The value training found.</param>
public sealed record LearnedCoefficient(string Term, double True, double Learned);

/// <summary>What training the <see cref="PoissonRateLayer"/> found.</summary>
/// <param name="Coefficients">Bias then weights.</param>
/// <param name="Tolerance">Largest accepted |learned − true|.</param>
/// <param name="InitialLoss">Mean PoissonNLLLoss (rate input) before training.</param>
/// <param name="WarmUpLoss">Mean PoissonNLLLoss after the minibatch warm-up.</param>
/// <param name="FinalLoss">Mean PoissonNLLLoss after training.</param>
/// <param name="StateDictKeys">The layer's parameter names, as PyTorch would name them.</param>
public sealed record TrainingResult(IReadOnlyList<LearnedCoefficient> Coefficients, double Tolerance, double InitialLoss, double WarmUpLoss, double FinalLoss,
    IReadOnlyList<string> StateDictKeys)
{
    /// <summary>True when every coefficient is within <see cref="Tolerance"/> of the truth.</summary>
    public bool Recovered => Coefficients.All(c => Math.Abs(c.Learned - c.True) <= Tolerance);
}

/// <summary>
/// Fits a <see cref="PoissonRateLayer"/> to <see cref="ExposureData"/> by maximum likelihood: two epochs of Adam on
/// shuffled minibatches, each exposure travelling with its batch's rows, then full-batch L-BFGS.
/// </summary>
public static class LayerTraining
{
    /// <summary>Draws <paramref name="rows"/> rows, trains, and compares with the truth (tolerance <paramref name="tolerance"/>).</summary>
    public static TrainingResult Run(int rows = 3000, int seed = 7, double tolerance = 0.1)
    {
        var data = ExposureData.Generate(rows, seed);
        var (features, exposures, allCounts) = (data.Features, data.Exposure, data.Counts);
        var layer = new PoissonRateLayer(ExposureData.TrueWeights.Count, new Random(seed));
        var loss = new PoissonNLLLoss(logInput: false); // the layer outputs the rate μ itself, not log μ
        var optimizer = new Lbfgs(layer.Parameters(), maxIter: 100);
        Autograd.Tensor Closure()
        {
            optimizer.ZeroGrad();
            var l = loss.Forward(layer.Forward(features, exposures), allCounts);
            l.Backward();
            return l;
        }
        double initial = Closure().Item();

        var adam = new Adam(layer.Parameters(), lr: 0.05);
        var batches = new DataLoader([features, exposures, allCounts], batchSize: 250, shuffle: true, random: new Random(seed));
        for (int epoch = 0; epoch < 2; epoch++)
            foreach (var (x, exposure, counts) in batches)
            {
                adam.ZeroGrad();
                loss.Forward(layer.Forward(x, exposure), counts).Backward();
                adam.Step();
            }
        double warmUp = Closure().Item();

        for (int step = 0; step < 5; step++) optimizer.Step(Closure);
        double final = Closure().Item();

        var weights = layer.Linear.Weight.ToArray();
        var coefficients = new List<LearnedCoefficient> { new("bias", ExposureData.TrueBias, layer.Linear.Bias!.Item()) };
        coefficients.AddRange(weights.Select((w, j) => new LearnedCoefficient($"w{j + 1}", ExposureData.TrueWeights[j], w)));
        return new TrainingResult(coefficients, tolerance, initial, warmUp, final, layer.StateDict().Keys.ToArray());
    }
}
