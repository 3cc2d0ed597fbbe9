using System.Collections;

namespace Autograd.Data;

/// <summary>
/// Minibatches of rows (the first dimension) of a features tensor and a targets tensor with the same number of rows:
/// <c>foreach (var (x, y) in new DataLoader(features, targets, 32, shuffle: true, random: new Random(0))) { ... }</c>.
/// Each enumeration is one epoch that visits every row exactly once; with shuffling, every epoch draws a new order from
/// <c>random</c>, so a seeded generator gives the same sequence of epochs on every run. The last batch holds the rows
/// left over (fewer than batchSize) unless dropLast. Batches are fresh tensors that do not require gradients.
/// </summary>
/// <remarks>An instance with shuffling shares its <see cref="Random"/> between enumerations: enumerate it from one thread at a time.</remarks>
public sealed class DataLoader : IEnumerable<(Tensor Features, Tensor Targets)>
{
    private readonly Tensor _features, _targets;
    private readonly int _rows;
    private readonly bool _shuffle, _dropLast;
    private readonly Random _random;

    /// <summary>
    /// Creates the iterator. <paramref name="features"/> and <paramref name="targets"/> need at least one dimension and
    /// the same length along it; <paramref name="batchSize"/> ≥ 1; <paramref name="random"/> drives the shuffling
    /// (a new unseeded generator when null).
    /// </summary>
    public DataLoader(Tensor features, Tensor targets, int batchSize, bool shuffle = false, Random? random = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rank == 0) throw new ArgumentException("Features must have at least one dimension (rows), but they are a scalar of shape [].", nameof(features));
        if (targets.Rank == 0) throw new ArgumentException("Targets must have at least one dimension (rows), but they are a scalar of shape [].", nameof(targets));
        if (features.ShapeSpan[0] != targets.ShapeSpan[0])
            throw new ArgumentException($"Features of shape {Shapes.Format(features.ShapeSpan)} and targets of shape {Shapes.Format(targets.ShapeSpan)} have different numbers of rows ({features.ShapeSpan[0]} vs {targets.ShapeSpan[0]}).", nameof(targets));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be at least 1, but it is {batchSize}.");
        _features = features;
        _targets = targets;
        _rows = features.ShapeSpan[0];
        BatchSize = batchSize;
        _shuffle = shuffle;
        _dropLast = dropLast;
        _random = random ?? new Random();
    }

    /// <summary>Number of rows per batch (the last batch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch: ⌈rows / batchSize⌉, or ⌊rows / batchSize⌋ with dropLast.</summary>
    public int BatchCount => _dropLast ? _rows / BatchSize : (int)(((long)_rows + BatchSize - 1) / BatchSize);

    /// <summary>Enumerates one epoch of (features, targets) batches, reshuffling first if shuffling is on.</summary>
    public IEnumerator<(Tensor Features, Tensor Targets)> GetEnumerator()
    {
        var order = new int[_rows];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (_shuffle) _random.Shuffle(order);
        for (int batch = 0; batch < BatchCount; batch++)
        {
            int start = batch * BatchSize, size = Math.Min(BatchSize, _rows - start);
            var rows = order.AsSpan(start, size);
            yield return (TakeRows(_features, rows), TakeRows(_targets, rows));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The given rows of <paramref name="source"/>, in that order, as a new tensor of shape [rows.Length, ...].</summary>
    private static Tensor TakeRows(Tensor source, ReadOnlySpan<int> rows)
    {
        var shape = source.Shape;
        int rowLength = Shapes.Count(shape.AsSpan(1));
        var data = new double[rows.Length * rowLength];
        for (int i = 0; i < rows.Length; i++)
            source.Data.AsSpan(rows[i] * rowLength, rowLength).CopyTo(data.AsSpan(i * rowLength));
        shape[0] = rows.Length;
        return new Tensor(data, shape);
    }
}
