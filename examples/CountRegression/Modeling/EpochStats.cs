namespace CountRegression.Modeling;

/// <summary>Mean Poisson deviance (2/n) Σ [y log(y/μ) − (y − μ)] on the training and validation rows after one epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainDeviance">Over the epoch's minibatches, as the weights moved (PyTorch's usual "running" training loss).</param>
/// <param name="ValidationDeviance">On the validation rows at the end of the epoch.</param>
public sealed record EpochStats(int Epoch, double TrainDeviance, double ValidationDeviance);
