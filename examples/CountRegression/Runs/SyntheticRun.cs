using Autograd.Nn;
using CountRegression.Data;
using CountRegression.Modeling;

namespace CountRegression.Runs;

/// <summary>Settings of the synthetic run.</summary>
/// <param name="Rows">Rows drawn in all; the first 75 % train, the rest are held out.</param>
/// <param name="Epochs">Passes of minibatch Adam.</param>
/// <param name="Seed">Seed of the data, the initial weights and the shuffling.</param>
/// <param name="Tolerance">Largest accepted |learned − true| for every coefficient.</param>
public sealed record SyntheticSettings(int Rows = 4000, int Epochs = 25, int Seed = 42, double Tolerance = 0.05);

/// <summary>One fitted coefficient beside its reference value.</summary>
/// <param name="Term">Coefficient name.</param>
/// <param name="Reference">The true (or published) value.</param>
/// <param name="Learned">The value the model learned.</param>
public sealed record CoefficientRow(string Term, double Reference, double Learned)
{
    /// <summary>|learned − reference|.</summary>
    public double Error => Math.Abs(Learned - Reference);
}

/// <summary>What the synthetic run learned and how well it predicts held-out counts.</summary>
/// <param name="Coefficients">Intercept then weights, learned beside true.</param>
/// <param name="Tolerance">The accepted |learned − true|.</param>
/// <param name="ModelDeviance">Held-out mean Poisson deviance of the learned model.</param>
/// <param name="TrueModelDeviance">Held-out mean Poisson deviance of the true model (the floor a fit can hope for).</param>
/// <param name="BaselineDeviance">Held-out mean Poisson deviance of the mean-only baseline μ = mean(y_train).</param>
/// <param name="History">Loss per epoch.</param>
public sealed record SyntheticResult(IReadOnlyList<CoefficientRow> Coefficients, double Tolerance, double ModelDeviance,
    double TrueModelDeviance, double BaselineDeviance, IReadOnlyList<EpochStats> History)
{
    /// <summary>True when every coefficient is within <see cref="Tolerance"/> of the truth.</summary>
    public bool Recovered => Coefficients.All(c => c.Error <= Tolerance);
}

/// <summary>
/// The main example: counts drawn from log μ = b + x·w with known b and w (<see cref="SyntheticData"/>), a <see cref="Linear"/>
/// layer trained with PoissonNLLLoss and Adam, and the learned coefficients compared with the true ones.
/// </summary>
public static class SyntheticRun
{
    /// <summary>Runs the example; <paramref name="onEpoch"/> sees each epoch as it ends.</summary>
    public static SyntheticResult Run(SyntheticSettings settings, Action<EpochStats>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = SyntheticData.Generate(settings.Rows, settings.Seed);
        int trainRows = data.Rows * 3 / 4;
        var train = data.Take(trainRows);
        var test = data.Select(Enumerable.Range(trainRows, data.Rows - trainRows).ToArray());

        var model = new Linear(data.Columns, 1, random: new Random(settings.Seed));
        var history = MinibatchTrainer.Train(model, train, test,
            new TrainingSettings(settings.Epochs, BatchSize: 100, LearningRate: 0.003, settings.Seed), onEpoch);

        var weights = model.Weight.ToArray();
        var rows = new List<CoefficientRow> { new("intercept", SyntheticData.TrueIntercept, model.Bias!.Item()) };
        rows.AddRange(data.FeatureNames.Select((name, j) => new CoefficientRow(name, SyntheticData.TrueWeights[j], weights[j])));

        var truth = new GlmFit(SyntheticData.TrueIntercept, SyntheticData.TrueWeights.ToArray(), double.NaN, double.NaN, 0);
        var baseline = Enumerable.Repeat(train.Targets.Average(), test.Rows).ToArray();
        return new SyntheticResult(rows, settings.Tolerance,
            PoissonStatistics.MeanDeviance(test.Targets, MinibatchTrainer.PredictMeans(model, test)),
            PoissonStatistics.MeanDeviance(test.Targets, truth.PredictMeans(test)),
            PoissonStatistics.MeanDeviance(test.Targets, baseline), history);
    }
}
