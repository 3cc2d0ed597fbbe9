using Autograd.Data;

namespace Autograd.Tests.Nn.Data;

public class DataLoaderTests
{
    // Row i of the features is [i, 100 + i]; target i is 10·i, so every batch can be checked row by row.
    private const int Rows = 10;
    private static Tensor Features() => Tensor.FromArray(Enumerable.Range(0, Rows).SelectMany(i => new double[] { i, 100 + i }).ToArray(), [Rows, 2]);
    private static Tensor Targets() => Tensor.FromArray(Enumerable.Range(0, Rows).Select(i => 10.0 * i).ToArray());

    /// <summary>The row indices of one epoch, in visiting order, after checking each batch's rows against its targets.</summary>
    private static List<int> Epoch(DataLoader loader, List<int>? batchSizes = null)
    {
        var order = new List<int>();
        foreach (var (x, y) in loader)
        {
            Assert.Equal(2, x.Rank);
            Assert.Equal(2, x.Shape[1]);
            Assert.Equal([x.Shape[0]], y.Shape);
            batchSizes?.Add(x.Shape[0]);
            for (int r = 0; r < x.Shape[0]; r++)
            {
                int i = (int)x.Span[2 * r];
                Assert.Equal(100 + i, x.Span[2 * r + 1]);
                Assert.Equal(10.0 * i, y.Span[r]);
                order.Add(i);
            }
        }
        return order;
    }

    [Fact]
    public void WithoutShufflingRowsComeInOrderWithAPartialLastBatch()
    {
        var sizes = new List<int>();
        var loader = new DataLoader(Features(), Targets(), batchSize: 3);
        Assert.Equal(Enumerable.Range(0, Rows), Epoch(loader, sizes));
        Assert.Equal([3, 3, 3, 1], sizes);
        Assert.Equal(4, loader.BatchCount);
    }

    [Fact]
    public void DropLastDropsThePartialBatch()
    {
        var sizes = new List<int>();
        var loader = new DataLoader(Features(), Targets(), batchSize: 3, dropLast: true);
        Assert.Equal(Enumerable.Range(0, 9), Epoch(loader, sizes));
        Assert.Equal([3, 3, 3], sizes);
        Assert.Equal(3, loader.BatchCount);
    }

    [Fact]
    public void ShuffledEpochsCoverEveryRowOnceAndDifferFromEachOther()
    {
        var loader = new DataLoader(Features(), Targets(), batchSize: 4, shuffle: true, random: new Random(11));
        var first = Epoch(loader);
        var second = Epoch(loader);
        Assert.Equal(Enumerable.Range(0, Rows), first.Order());
        Assert.Equal(Enumerable.Range(0, Rows), second.Order());
        Assert.NotEqual(first, second);
        Assert.NotEqual(Enumerable.Range(0, Rows), first);
    }

    [Fact]
    public void SameSeedGivesTheSameSequenceOfEpochs()
    {
        var a = new DataLoader(Features(), Targets(), batchSize: 3, shuffle: true, random: new Random(5));
        var b = new DataLoader(Features(), Targets(), batchSize: 3, shuffle: true, random: new Random(5));
        for (int epoch = 0; epoch < 3; epoch++) Assert.Equal(Epoch(a), Epoch(b));
    }

    [Fact]
    public void HigherRankTargetsAndEmptyDataWork()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], [3, 1, 2]);
        var y = Tensor.FromArray([7, 8, 9, 10, 11, 12], [3, 2]);
        var batches = new DataLoader(x, y, batchSize: 2).ToList();
        Assert.Equal([2, 1, 2], batches[0][0].Shape);
        Assert.Equal([5.0, 6.0], batches[1][0].ToArray());
        Assert.Equal([11.0, 12.0], batches[1][1].ToArray());
        Assert.False(batches[0][0].RequiresGrad);

        Assert.Empty(new DataLoader(Tensor.Zeros(0, 3), Tensor.Zeros(0), batchSize: 4));
        Assert.Equal(0, new DataLoader(Tensor.Zeros(0, 3), Tensor.Zeros(0), batchSize: 4).BatchCount);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new DataLoader(Tensor.Zeros(5, 2), Tensor.Zeros(4), batchSize: 2));
        Assert.Contains("[5, 2]", error.Message);
        Assert.Contains("[4]", error.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Features(), Targets(), batchSize: 0));
        Assert.Equal("batchSize", range.ParamName);
        Assert.Throws<ArgumentException>(() => new DataLoader(Tensor.Scalar(1), Tensor.Scalar(1), batchSize: 1));
        Assert.Throws<ArgumentNullException>(() => new DataLoader(null!, Targets(), batchSize: 1));
        Assert.Throws<ArgumentNullException>(() => new DataLoader(Features(), null!, batchSize: 1));
    }
}
