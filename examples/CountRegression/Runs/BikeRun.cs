using CountRegression.Data;
using CountRegression.Modeling;
using CountRegression.Reporting;

namespace CountRegression.Runs;

/// <summary>Settings of the bike-sharing run.</summary>
/// <param name="Epochs">Passes of minibatch Adam for the MLP.</param>
/// <param name="Hidden">Width of both hidden layers.</param>
/// <param name="Seed">Seed of the validation split, the initial weights and the shuffling.</param>
/// <param name="TrainRows">Use only this many random training rows (null: all); for quick tests.</param>
/// <param name="TestRows">Score only this many random test rows (null: all); for quick tests.</param>
/// <param name="OutputDirectory">Where to write the two PNGs; null writes none.</param>
public sealed record BikeSettings(int Epochs = 30, int Hidden = 64, int Seed = 42, int? TrainRows = null, int? TestRows = null,
    string? OutputDirectory = "out");

/// <summary>Held-out mean Poisson deviance of the three models, and what was written.</summary>
/// <param name="MlpDeviance">The MLP's.</param>
/// <param name="GlmDeviance">The Poisson GLM's (log link, same features).</param>
/// <param name="BaselineDeviance">The mean-only baseline's, μ = mean(y_train).</param>
/// <param name="TrainRows">Rows the models were fitted on.</param>
/// <param name="ValidationRows">Rows held back from training for the validation curve.</param>
/// <param name="TestRows">Rows scored.</param>
/// <param name="Features">Number of feature columns.</param>
/// <param name="History">The MLP's loss per epoch.</param>
/// <param name="Plots">Paths of the PNGs written.</param>
public sealed record BikeResult(double MlpDeviance, double GlmDeviance, double BaselineDeviance, int TrainRows, int ValidationRows,
    int TestRows, int Features, IReadOnlyList<EpochStats> History, IReadOnlyList<string> Plots)
{
    /// <summary>True when the MLP beats the GLM and the GLM beats the baseline.</summary>
    public bool Ordered => MlpDeviance < GlmDeviance && GlmDeviance < BaselineDeviance;
}

/// <summary>
/// Bike-sharing demand: an MLP trained with PoissonNLLLoss and a Poisson GLM fitted to its MLE on the same one-hot and numeric
/// features, scored on July–December 2012 against a mean-only baseline.
/// </summary>
public static class BikeRun
{
    /// <summary>Runs the comparison on UCI's hour.csv at <paramref name="csvPath"/>; <paramref name="onEpoch"/> sees each MLP epoch.</summary>
    public static BikeResult Run(string csvPath, BikeSettings settings, Action<EpochStats>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bike = BikeData.Load(csvPath);
        var random = new Random(settings.Seed);
        var trainOrder = Sample(bike.Train.Rows, settings.TrainRows, random);
        int validationCount = trainOrder.Length / 10;
        var validation = bike.Train.Select(trainOrder[..validationCount]);
        var train = bike.Train.Select(trainOrder[validationCount..]);
        var testRows = Sample(bike.Test.Rows, settings.TestRows, random);
        Array.Sort(testRows);
        var test = bike.Test.Select(testRows);

        double meanCount = train.Targets.Average();
        var mlp = new LogRateMlp(train.Columns, settings.Hidden, meanCount, new Random(settings.Seed));
        var history = MinibatchTrainer.Train(mlp, train, validation,
            new TrainingSettings(settings.Epochs, BatchSize: 256, LearningRate: 3e-3, settings.Seed), onEpoch);
        var glm = GlmFitter.Fit(train);
        double glmValidation = PoissonStatistics.MeanDeviance(validation.Targets, glm.PredictMeans(validation));

        var plots = new List<string>();
        if (settings.OutputDirectory is { } folder)
        {
            plots.Add(Plots.LossCurves(folder, "bike-loss-curves.png", "Bike sharing: MLP trained with PoissonNLLLoss and Adam",
                history.Select(h => h.TrainDeviance).ToArray(), history.Select(h => h.ValidationDeviance).ToArray(),
                new Dictionary<string, double> { ["Poisson GLM (validation)"] = glmValidation }));
            var week = bike.Test.Select(bike.FirstTestWeek());
            var times = bike.FirstTestWeek().Select(r => bike.TestTimes[r]).ToArray();
            plots.Add(Plots.PredictedVersusActual(folder, "bike-test-week.png", $"Bike sharing: week of {times[0]:yyyy-MM-dd} (test period)",
                times, week.Targets, new Dictionary<string, double[]>
                {
                    ["MLP"] = MinibatchTrainer.PredictMeans(mlp, week),
                    ["Poisson GLM"] = glm.PredictMeans(week),
                }));
        }

        return new BikeResult(
            PoissonStatistics.MeanDeviance(test.Targets, MinibatchTrainer.PredictMeans(mlp, test)),
            PoissonStatistics.MeanDeviance(test.Targets, glm.PredictMeans(test)),
            PoissonStatistics.MeanDeviance(test.Targets, Enumerable.Repeat(meanCount, test.Rows).ToArray()),
            train.Rows, validation.Rows, test.Rows, train.Columns, history, plots);
    }

    private static int[] Sample(int rows, int? count, Random random)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(order);
        return count is { } c && c < rows ? order[..c] : order;
    }
}
