namespace CountRegression.Modeling;

/// <summary>Mean Poisson negative log-likelihood (log input, without the log y! constant) after one epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean over the epoch's minibatches of the training loss.</param>
/// <param name="ValidationLoss">Loss on the validation rows at the end of the epoch.</param>
public sealed record EpochStats(int Epoch, double TrainLoss, double ValidationLoss);
