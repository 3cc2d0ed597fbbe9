using Autograd;
using Autograd.Data;
using Autograd.Nn;
using Autograd.Optim;
using CountRegression.Data;

namespace CountRegression.Modeling;

/// <summary>Settings of minibatch training with Adam.</summary>
/// <param name="Epochs">Passes over the training rows.</param>
/// <param name="BatchSize">Rows per minibatch (the last partial batch is kept).</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Seed">Seed of the shuffling.</param>
public sealed record TrainingSettings(int Epochs, int BatchSize, double LearningRate, int Seed);

/// <summary>
/// Trains a model whose output is the log-rate η (so μ = eη) by minimising mean PoissonNLLLoss(log input):
/// L = mean(eη − y·η), with Adam over shuffled minibatches.
/// </summary>
public static class MinibatchTrainer
{
    /// <summary>Trains <paramref name="model"/> in place and returns the mean deviance per epoch; <paramref name="onEpoch"/> sees each epoch as it ends.</summary>
    public static IReadOnlyList<EpochStats> Train(Module model, CountData train, CountData validation, TrainingSettings settings,
        Action<EpochStats>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var loss = new PoissonNLLLoss(logInput: true);
        var optimizer = new Adam(model.Parameters(), lr: settings.LearningRate);
        var loader = new DataLoader(train.FeatureTensor(), train.TargetTensor(), settings.BatchSize, shuffle: true,
            random: new Random(settings.Seed), dropLast: false);
        var (validationX, validationY) = (validation.FeatureTensor(), validation.TargetTensor());
        // Mean PoissonNLLLoss minus the saturated model's (μ = y): half the mean deviance, comparable between data sets.
        double trainFloor = SaturatedLoss(train.Targets), validationFloor = SaturatedLoss(validation.Targets);
        var history = new List<EpochStats>();
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            model.Train();
            double total = 0;
            int rows = 0;
            foreach (var (features, targets) in loader)
            {
                optimizer.ZeroGrad();
                var batchLoss = loss.Forward(model.Forward(features), targets);
                batchLoss.Backward();
                optimizer.Step();
                int n = targets.Shape[0];
                total += batchLoss.Item() * n;
                rows += n;
            }
            model.Eval();
            double validationLoss;
            using (Tensor.NoGrad()) validationLoss = loss.Forward(model.Forward(validationX), validationY).Item();
            var stats = new EpochStats(epoch, 2 * (total / rows - trainFloor), 2 * (validationLoss - validationFloor));
            history.Add(stats);
            onEpoch?.Invoke(stats);
        }
        return history;
    }

    /// <summary>Mean PoissonNLLLoss of the saturated model μ = y: (1/n) Σ (y − y log y), with 0 log 0 = 0.</summary>
    private static double SaturatedLoss(double[] counts) => counts.Average(y => y > 0 ? y - y * Math.Log(y) : 0);

    /// <summary>The predicted means μ = exp(model(x)) for every row of <paramref name="data"/>.</summary>
    public static double[] PredictMeans(Module model, CountData data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        model.Eval();
        using var _ = Tensor.NoGrad();
        return model.Forward(data.FeatureTensor()).Exp().ToArray();
    }
}
