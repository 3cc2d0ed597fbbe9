using Autograd.Data;

namespace Autograd.Tests.Nn.Data;

/// <summary>
/// DataLoader over any number of tensors (PyTorch's DataLoader over a TensorDataset): any number of tensors batched along dimension 0 with one
/// permutation per epoch shared by all of them, and the (features, targets) DataLoader built on it.
/// </summary>
public class MultiDataLoaderTests
{
    private const int Rows = 10;

    // Row i is recognisable in every tensor: a is [i, 100 + i] per row, b is 10·i, c is [[i], [−i], [i / 2]] per row.
    private static Tensor A() => Tensor.FromArray(Enumerable.Range(0, Rows).SelectMany(i => new double[] { i, 100 + i }).ToArray(), [Rows, 2]);
    private static Tensor B() => Tensor.FromArray(Enumerable.Range(0, Rows).Select(i => 10.0 * i).ToArray());
    private static Tensor C() => Tensor.FromArray(Enumerable.Range(0, Rows).SelectMany(i => new double[] { i, -i, i / 2.0 }).ToArray(), [Rows, 3, 1]);

    /// <summary>The rows of one epoch, in visiting order, after checking that every tensor of every batch holds the same rows.</summary>
    private static List<int> Epoch(DataLoader loader, List<int>? batchSizes = null)
    {
        var order = new List<int>();
        foreach (var batch in loader)
        {
            Assert.Equal(3, batch.Length);
            var (a, b, c) = (batch[0], batch[1], batch[2]);
            int n = a.Shape[0];
            Assert.Equal([n, 2], a.Shape);
            Assert.Equal([n], b.Shape);
            Assert.Equal([n, 3, 1], c.Shape);
            Assert.All(batch, t => Assert.False(t.RequiresGrad));
            batchSizes?.Add(n);
            for (int r = 0; r < n; r++)
            {
                int i = (int)a.Span[2 * r];
                Assert.Equal(100 + i, a.Span[2 * r + 1]);
                Assert.Equal(10.0 * i, b.Span[r]);
                Assert.Equal([i, -i, i / 2.0], c.Span.Slice(3 * r, 3).ToArray());
                order.Add(i);
            }
        }
        return order;
    }

    [Fact]
    public void WithoutShufflingRowsComeInOrderWithAPartialLastBatchUnlessDropLast()
    {
        var sizes = new List<int>();
        var loader = new DataLoader([A(), B(), C()], batchSize: 4);
        Assert.Equal(Enumerable.Range(0, Rows), Epoch(loader, sizes));
        Assert.Equal([4, 4, 2], sizes);
        Assert.Equal(3, loader.BatchCount);
        Assert.Equal(4, loader.BatchSize);

        sizes.Clear();
        var dropping = new DataLoader([A(), B(), C()], batchSize: 4, dropLast: true);
        Assert.Equal(Enumerable.Range(0, 8), Epoch(dropping, sizes));
        Assert.Equal([4, 4], sizes);
        Assert.Equal(2, dropping.BatchCount);

        // A batch size beyond the rows: one batch of everything, or none with dropLast.
        Assert.Single(new DataLoader([B()], batchSize: 50));
        Assert.Empty(new DataLoader([B()], batchSize: 50, dropLast: true));
    }

    [Fact]
    public void ShufflingAppliesOnePermutationPerEpochToEveryTensor()
    {
        var loader = new DataLoader([A(), B(), C()], batchSize: 3, shuffle: true, random: new Random(7));
        var first = Epoch(loader);     // Epoch checks that a, b and c hold the same rows in every batch
        var second = Epoch(loader);
        Assert.Equal(Enumerable.Range(0, Rows), first.Order());
        Assert.Equal(Enumerable.Range(0, Rows), second.Order());
        Assert.NotEqual(first, second);

        // The order is Random.Shuffle of 0..rows−1 with the given generator, one draw per epoch.
        var random = new Random(7);
        int[] expected = [.. Enumerable.Range(0, Rows)];
        random.Shuffle(expected);
        Assert.Equal(expected, first);
        expected = [.. Enumerable.Range(0, Rows)];
        random.Shuffle(expected);
        Assert.Equal(expected, second);
    }

    [Fact]
    public void SameSeedGivesTheSameEpochsAndTheTwoTensorFormIsTheSameLoader()
    {
        var a = new DataLoader([A(), B(), C()], batchSize: 3, shuffle: true, random: new Random(5));
        var b = new DataLoader([A(), B(), C()], batchSize: 3, shuffle: true, random: new Random(5));
        var pairs = new DataLoader(A(), B(), batchSize: 3, shuffle: true, random: new Random(5));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var batchesA = a.ToList();
            Assert.Equal(Epoch(b), batchesA.SelectMany(batch => batch[1].ToArray()).Select(v => (int)(v / 10)));
            var batchesPairs = pairs.ToList();
            Assert.Equal(batchesA.Count, batchesPairs.Count);
            for (int k = 0; k < batchesA.Count; k++)
            {
                var (features, targets) = batchesPairs[k];
                Assert.Equal(batchesA[k][0].ToArray(), features.ToArray());
                Assert.Equal(batchesA[k][1].ToArray(), targets.ToArray());
            }
        }
    }

    [Fact]
    public void ABatchDeconstructsIntoAsManyVariablesAsItHoldsTensors()
    {
        var (x, b, c) = new DataLoader([A(), B(), C()], batchSize: 20).Single();
        Assert.Equal(A().ToArray(), x.ToArray());
        Assert.Equal(C().ToArray(), c.ToArray());
        var pair = new DataLoader([A(), B(), C()], batchSize: 20).Single();
        var error = Assert.Throws<ArgumentException>(() => { var (p, q) = pair; });
        Assert.Contains("3 tensors", error.Message);
        Assert.Contains("into 2", error.Message);
    }

    [Fact]
    public void OneTensorEmptyTensorsAndTheCallersArrayAfterwards()
    {
        var tensors = new[] { B() };
        var loader = new DataLoader(tensors, batchSize: 6);
        tensors[0] = Tensor.Zeros(3);   // the loader copied the array
        var batches = loader.ToList();
        Assert.Equal([0.0, 10, 20, 30, 40, 50], batches[0].Single().ToArray());
        Assert.Equal([60.0, 70, 80, 90], batches[1].Single().ToArray());

        var empty = new DataLoader([Tensor.Zeros(0, 3), Tensor.Zeros(0)], batchSize: 2, shuffle: true);
        Assert.Empty(empty);
        Assert.Equal(0, empty.BatchCount);
        Assert.Equal([2, 0], new DataLoader([Tensor.Zeros(2, 0)], batchSize: 5).Single()[0].Shape);
    }

    [Fact]
    public void TensorsWithDifferentRowCountsAreRefusedNamingEveryShape()
    {
        var (a, b, c) = (A(), Tensor.Zeros(9), C());
        var before = a.ToArray();
        var error = Assert.Throws<ArgumentException>(() => new DataLoader([a, b, c], batchSize: 2));
        Assert.Equal("tensors", error.ParamName);
        Assert.Contains("[10, 2], [9], [10, 3, 1]", error.Message);
        Assert.Contains("dimension 0", error.Message);
        Assert.Equal(before, a.ToArray());
    }

    [Fact]
    public void OtherBadArgumentsAreRefused()
    {
        var scalar = Assert.Throws<ArgumentException>(() => new DataLoader([A(), Tensor.Scalar(1)], batchSize: 1));
        Assert.Equal("tensors", scalar.ParamName);
        Assert.Contains("tensors[1]", scalar.Message);
        Assert.Contains("[]", scalar.Message);

        var none = Assert.Throws<ArgumentException>(() => new DataLoader([], batchSize: 1));
        Assert.Equal("tensors", none.ParamName);
        Assert.Contains("empty", none.Message);

        Assert.Equal("tensors", Assert.Throws<ArgumentNullException>(() => new DataLoader(null!, batchSize: 1)).ParamName);
        var nullEntry = Assert.Throws<ArgumentNullException>(() => new DataLoader([A(), null!], batchSize: 1));
        Assert.Equal("tensors", nullEntry.ParamName);
        Assert.Contains("tensors[1]", nullEntry.Message);

        foreach (int size in new[] { 0, -3 })
        {
            var range = Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader([A()], batchSize: size));
            Assert.Equal("batchSize", range.ParamName);
            Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), range.Message);
        }
    }
}
