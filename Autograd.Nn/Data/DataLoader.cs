using System.Collections;

namespace Autograd.Data;

/// <summary>
/// Minibatches of rows (the first dimension) of any number of tensors with the same number of rows, as PyTorch's
/// <c>DataLoader(TensorDataset(*tensors))</c>: <c>foreach (var (x, offset, y) in new DataLoader([features, offsets,
/// counts], 32, shuffle: true)) { ... }</c>, or <c>foreach (var (x, y) in new DataLoader(features, targets, 32))</c>
/// (<see cref="Batches"/> deconstructs a batch). Batch b is an array holding, for every tensor in the order given,
/// the same rows, sliced along dimension 0 (shape [rows in the batch, ...the tensor's other dimensions]).
/// Each enumeration is one epoch that visits every row exactly once; with shuffling, every epoch draws a new order, and
/// that one order is applied to every tensor. The last batch holds the rows left over (fewer than batchSize) unless
/// dropLast. Batches are fresh tensors that do not require gradients.
/// </summary>
/// <remarks>
/// The shuffling generator is the one given at construction (locked while an epoch's order is drawn), or when none
/// was given the default generator in force when the epoch starts (the first <c>MoveNext</c>): the innermost
/// <see cref="Tensor.ManualSeed"/> scope's, else <see cref="Random.Shared"/>. An epoch's order is drawn as
/// <see cref="Random.Shuffle{T}(T[])"/> of 0, 1, ..., rows − 1.
/// </remarks>
public sealed class DataLoader : IEnumerable<Tensor[]>
{
    private readonly Tensor[] _tensors;
    private readonly int _rows;
    private readonly bool _shuffle, _dropLast;
    private readonly Random? _random;

    /// <summary>
    /// Creates the iterator over <paramref name="tensors"/> (at least one; each with at least one dimension, all with the
    /// same length along the first); <paramref name="batchSize"/> ≥ 1.
    /// </summary>
    /// <param name="tensors">The tensors to batch together, e.g. features and targets; the array is copied.</param>
    /// <param name="batchSize">Rows per batch (the last batch may hold fewer).</param>
    /// <param name="shuffle">Whether each epoch visits the rows in a new random order (else in order 0, 1, ...).</param>
    /// <param name="random">Source of the shuffles; when null, the default generator at the start of each epoch.</param>
    /// <param name="dropLast">Whether to leave out the last batch when it holds fewer than batchSize rows.</param>
    /// <exception cref="ArgumentNullException">The array or one of its tensors is null (its index is named).</exception>
    /// <exception cref="ArgumentException">The array is empty, a tensor is a scalar, or the tensors' first dimensions differ (every shape is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    public DataLoader(Tensor[] tensors, int batchSize, bool shuffle = false, Random? random = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("At least one tensor is needed to make batches, but the array is empty.", nameof(tensors));
        for (int i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"tensors[{i}] is null.");
            if (tensors[i].Rank == 0)
                throw new ArgumentException($"Every tensor needs at least one dimension (rows), but tensors[{i}] is a scalar of shape [].", nameof(tensors));
        }
        int rows = tensors[0].ShapeSpan[0];
        if (tensors.Any(t => t.ShapeSpan[0] != rows))
            throw new ArgumentException(
                $"Every tensor must have the same size along dimension 0 (rows), but the shapes are {string.Join(", ", tensors.Select(t => Shapes.Format(t.ShapeSpan)))}.",
                nameof(tensors));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be at least 1, but it is {batchSize}.");
        _tensors = (Tensor[])tensors.Clone();
        _rows = rows;
        BatchSize = batchSize;
        _shuffle = shuffle;
        _dropLast = dropLast;
        _random = random;
    }

    /// <summary>
    /// The (features, targets) form: batches of two tensors, <c>foreach (var (x, y) in loader)</c>.
    /// <paramref name="features"/> and <paramref name="targets"/> need at least one dimension and the same length along
    /// it; the other parameters are as in <see cref="DataLoader(Tensor[], int, bool, Random?, bool)"/>.
    /// </summary>
    public DataLoader(Tensor features, Tensor targets, int batchSize, bool shuffle = false, Random? random = null, bool dropLast = false)
        : this(Pair(features, targets), batchSize, shuffle, random, dropLast)
    {
    }

    /// <summary>[features, targets], refused with the messages of the two-tensor form.</summary>
    private static Tensor[] Pair(Tensor features, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rank == 0) throw new ArgumentException("Features must have at least one dimension (rows), but they are a scalar of shape [].", nameof(features));
        if (targets.Rank == 0) throw new ArgumentException("Targets must have at least one dimension (rows), but they are a scalar of shape [].", nameof(targets));
        if (features.ShapeSpan[0] != targets.ShapeSpan[0])
            throw new ArgumentException($"Features of shape {Shapes.Format(features.ShapeSpan)} and targets of shape {Shapes.Format(targets.ShapeSpan)} have different numbers of rows ({features.ShapeSpan[0]} vs {targets.ShapeSpan[0]}).", nameof(targets));
        return [features, targets];
    }

    /// <summary>Number of rows per batch (the last batch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch: ⌈rows / batchSize⌉, or ⌊rows / batchSize⌋ with dropLast.</summary>
    public int BatchCount => _dropLast ? _rows / BatchSize : (int)(((long)_rows + BatchSize - 1) / BatchSize);

    /// <summary>
    /// Enumerates one epoch of batches, reshuffling first if shuffling is on: each batch is an array holding, for each
    /// tensor in the order given, its rows of the batch.
    /// </summary>
    public IEnumerator<Tensor[]> GetEnumerator()
    {
        var order = Order();
        for (int batch = 0; batch < BatchCount; batch++)
        {
            int start = batch * BatchSize, size = Math.Min(BatchSize, _rows - start);
            var result = new Tensor[_tensors.Length];
            for (int t = 0; t < result.Length; t++) result[t] = TakeRows(_tensors[t], order.AsSpan(start, size));
            yield return result;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The rows of one epoch in visiting order: 0, 1, ..., or a fresh permutation of them when shuffling.</summary>
    private int[] Order()
    {
        var order = new int[_rows];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (!_shuffle) return order;
        return Tensor.WithRandom(_random, order, static (random, order) => { random.Shuffle(order); return order; });
    }

    /// <summary>The given rows of <paramref name="source"/>, in that order, as a new tensor of shape [rows.Length, ...].</summary>
    private static Tensor TakeRows(Tensor source, ReadOnlySpan<int> rows)
    {
        var shape = source.Shape;
        int rowLength = Shapes.Count(shape.AsSpan(1));
        var data = new double[rows.Length * rowLength];
        var all = source.Data;
        for (int i = 0; i < rows.Length; i++)
            all.AsSpan(rows[i] * rowLength, rowLength).CopyTo(data.AsSpan(i * rowLength));
        shape[0] = rows.Length;
        return new Tensor(data, shape);
    }
}
