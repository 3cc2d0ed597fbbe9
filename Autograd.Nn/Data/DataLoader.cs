using System.Collections;

namespace Autograd.Data;

/// <summary>
/// Minibatches of rows (the first dimension) of a features tensor and a targets tensor with the same number of rows:
/// <c>foreach (var (x, y) in new DataLoader(features, targets, 32, shuffle: true, random: new Random(0))) { ... }</c>.
/// Each enumeration is one epoch that visits every row exactly once; with shuffling, every epoch draws a new order from
/// <c>random</c>, so a seeded generator gives the same sequence of epochs on every run. The last batch holds the rows
/// left over (fewer than batchSize) unless dropLast. Batches are fresh tensors that do not require gradients.
/// This is <see cref="TensorDataLoader"/> over [features, targets], with the batches as pairs.
/// </summary>
public sealed class DataLoader : IEnumerable<(Tensor Features, Tensor Targets)>
{
    private readonly TensorDataLoader _batches;

    /// <summary>
    /// Creates the iterator. <paramref name="features"/> and <paramref name="targets"/> need at least one dimension and
    /// the same length along it; <paramref name="batchSize"/> ≥ 1; <paramref name="random"/> drives the shuffling
    /// (when null, the default generator in force when each epoch starts: the innermost <see cref="Tensor.ManualSeed"/>
    /// scope's, else <see cref="Random.Shared"/>).
    /// </summary>
    public DataLoader(Tensor features, Tensor targets, int batchSize, bool shuffle = false, Random? random = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rank == 0) throw new ArgumentException("Features must have at least one dimension (rows), but they are a scalar of shape [].", nameof(features));
        if (targets.Rank == 0) throw new ArgumentException("Targets must have at least one dimension (rows), but they are a scalar of shape [].", nameof(targets));
        if (features.ShapeSpan[0] != targets.ShapeSpan[0])
            throw new ArgumentException($"Features of shape {Shapes.Format(features.ShapeSpan)} and targets of shape {Shapes.Format(targets.ShapeSpan)} have different numbers of rows ({features.ShapeSpan[0]} vs {targets.ShapeSpan[0]}).", nameof(targets));
        _batches = new TensorDataLoader([features, targets], batchSize, shuffle, random, dropLast);
    }

    /// <summary>Number of rows per batch (the last batch may hold fewer).</summary>
    public int BatchSize => _batches.BatchSize;

    /// <summary>Batches per epoch: ⌈rows / batchSize⌉, or ⌊rows / batchSize⌋ with dropLast.</summary>
    public int BatchCount => _batches.BatchCount;

    /// <summary>Enumerates one epoch of (features, targets) batches, reshuffling first if shuffling is on.</summary>
    public IEnumerator<(Tensor Features, Tensor Targets)> GetEnumerator()
    {
        foreach (var batch in _batches) yield return (batch[0], batch[1]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
