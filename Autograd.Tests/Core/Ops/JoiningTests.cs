namespace Autograd.Tests.Core.Ops;

public class JoiningTests
{
    /// <summary>2..4 tensors whose shapes agree except along a dim (sizes 0..3 there), the dim maybe negative, an end mode.</summary>
    private static Gen<(Tensor[] Xs, int Dim, int D, int Mode)> Joinable() =>
        from s in Naive.ShapeWithEmpties().Where(s => s.Length > 0)
        from d in Gen.Choose(0, s.Length - 1)
        from negative in Gen.Elements(true, false)
        from sizes in Gen.Choose(0, 3).ArrayOf().Where(a => a.Length is >= 2 and <= 4)
        from xs in Gen.CollectToArray(sizes.Select(n => Naive.Tensor([.. s[..d], n, .. s[(d + 1)..]])))
        from m in Gen.Choose(0, 3)
        select (xs, negative ? d - s.Length : d, d, m);

    [Property(MaxTest = 40)]
    public Property CatPlacesEachInputAfterThePreviousAlongTheDim() =>
        Prop.ForAll(Joinable().ToArbitrary(), c =>
        {
            var y = Tensor.Cat(c.Xs, c.Dim);
            var expected = c.Xs[0].Shape;
            expected[c.D] = c.Xs.Sum(x => x.Shape[c.D]);
            Assert.Equal(expected, y.Shape);
            foreach (var j in Naive.Indices(y.Shape))
            {
                int k = 0, i = j[c.D];
                while (i >= c.Xs[k].Shape[c.D]) i -= c.Xs[k++].Shape[c.D];
                var at = (int[])j.Clone();
                at[c.D] = i;
                Assert.Equal(Naive.At(c.Xs[k], at), Naive.At(y, j));
            }
            return Naive.Checks(xs => Naive.End(Tensor.Cat(xs, c.Dim), c.Mode), c.Xs, secondOrder: true);
        });

    [Fact]
    public void CatOfHandWrittenMatricesAndItsGradients()
    {
        var a = Tensor.FromArray([1, 2, 3, 4], [2, 2], requiresGrad: true);
        var b = Tensor.FromArray([5, 6], [2, 1], requiresGrad: true);
        var y = Tensor.Cat([a, b], dim: -1);
        Assert.Equal([2, 3], y.Shape);
        Assert.Equal([1, 2, 5, 3, 4, 6], y.ToArray());
        (y * Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3])).Sum().Backward();
        Assert.Equal([1, 2, 4, 5], a.Grad!.ToArray());
        Assert.Equal([3, 6], b.Grad!.ToArray());
        Assert.Equal([1, 2, 3, 4, 1, 2, 3, 4], Tensor.Cat([a, a]).ToArray());
        var single = Tensor.Cat([b]);
        Assert.Equal([5, 6], single.ToArray());
    }

    [Fact]
    public void CatSkipsOneDimensionalEmptyTensorsAsPyTorchDoes()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3], requiresGrad: true);
        var empty = Tensor.Zeros([0], requiresGrad: true);
        var y = Tensor.Cat([empty, a, empty], dim: 1);
        Assert.Equal([2, 3], y.Shape);
        Assert.Equal(a.ToArray(), y.ToArray());
        y.Sum().Backward();
        Assert.Equal([0], empty.Grad!.Shape);
        Assert.Equal(Enumerable.Repeat(1.0, 6), a.Grad!.ToArray());
        Assert.Equal([0], Tensor.Cat([Tensor.Zeros(0), Tensor.Zeros(0)]).Shape);
        Assert.Equal([3], Tensor.Cat([Tensor.Zeros(0), Tensor.Ones(3)]).Shape);
        Assert.Equal([0, 3], Tensor.Cat([Tensor.Zeros(0, 3), Tensor.Zeros(0)]).Shape);   // a 2-D empty one takes part
        Assert.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Zeros(0, 3), Tensor.Zeros(0, 2)]));
    }

    [Fact]
    public void CatRejectsEmptyNullMismatchedAndScalarInputsNamingShapes()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3]);
        Assert.Throws<ArgumentNullException>(() => Tensor.Cat(null!));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Tensor.Cat([])).Message);
        Assert.Contains("tensor 1 is null", Assert.Throws<ArgumentException>(() => Tensor.Cat([a, null!])).Message);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Cat([a, Tensor.Zeros(3, 3)], 1));
        Assert.Contains("[3, 3]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Cat([a, Tensor.Zeros(2, 3, 1)]));
        Assert.Contains("[2, 3, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Scalar(1), Tensor.Scalar(2)]));
        Assert.Contains("[]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Cat([a, a], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Cat([a, a], -3));
        Assert.Equal([1, 2, 3, 4, 5, 6], a.ToArray());
    }

    [Property(MaxTest = 30)]
    public Property StackEqualsUnsqueezeThenCatAndPassesGradCheck() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties() from n in Gen.Choose(1, 3) from d in Gen.Choose(-s.Length - 1, s.Length) from m in Gen.Choose(0, 3)
                     from xs in Gen.CollectToArray(Enumerable.Repeat(Naive.Tensor(s), n)) select (xs, d, m)).ToArbitrary(), c =>
        {
            var y = Tensor.Stack(c.xs, c.d);
            int d = c.d < 0 ? c.d + c.xs[0].Rank + 1 : c.d;
            Assert.Equal(c.xs[0].Shape.Take(d).Append(c.xs.Length).Concat(c.xs[0].Shape.Skip(d)).ToArray(), y.Shape);
            foreach (var j in Naive.Indices(y.Shape))
                Assert.Equal(Naive.At(c.xs[j[d]], [.. j[..d], .. j[(d + 1)..]]), Naive.At(y, j));
            return Naive.Checks(xs => Naive.End(Tensor.Stack(xs, c.d), c.m), c.xs, secondOrder: true);
        });

    [Fact]
    public void StackOfScalarsAndItsErrors()
    {
        var a = Tensor.Scalar(1, requiresGrad: true);
        var y = Tensor.Stack([a, Tensor.Scalar(2), a]);
        Assert.Equal([3], y.Shape);
        Assert.Equal([1, 2, 1], y.ToArray());
        (y * Tensor.FromArray([2, 3, 4])).Sum().Backward();
        Assert.Equal(6, a.Grad!.Item());
        Assert.Equal([2, 2], Tensor.Stack([Tensor.Ones(2), Tensor.Ones(2)], -1).Shape);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Stack([Tensor.Ones(2), Tensor.Ones(3)]));
        Assert.Contains("[2], [3]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Stack([]));
        Assert.Throws<ArgumentNullException>(() => Tensor.Stack(null!));
        Assert.Throws<ArgumentException>(() => Tensor.Stack([a, null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Stack([Tensor.Ones(2)], 2));
    }

    [Theory]
    [InlineData(5, 2, new[] { 2, 2, 1 })]
    [InlineData(6, 3, new[] { 3, 3 })]
    [InlineData(4, 5, new[] { 4 })]
    [InlineData(0, 2, new[] { 0 })]
    [InlineData(0, 0, new[] { 0 })]
    public void SplitGivesPiecesOfTheSizeWithASmallerLastOne(int n, int size, int[] lengths)
    {
        var x = Tensor.FromArray([.. Enumerable.Range(0, 2 * n).Select(i => (double)i)], [2, n]);
        var pieces = x.Split(size, -1);
        Assert.Equal(lengths, pieces.Select(p => p.Shape[1]).ToArray());
        Assert.Equal(x.ToArray(), Tensor.Cat(pieces, 1).ToArray());
    }

    [Theory]
    [InlineData(5, 4, new[] { 2, 2, 1 })]   // ⌈5/4⌉ = 2: three chunks, not four
    [InlineData(6, 4, new[] { 2, 2, 2 })]
    [InlineData(6, 3, new[] { 2, 2, 2 })]
    [InlineData(7, 3, new[] { 3, 3, 1 })]
    [InlineData(2, 5, new[] { 1, 1 })]
    [InlineData(0, 3, new[] { 0, 0, 0 })]
    public void ChunkFollowsPyTorchsCeilingRule(int n, int chunks, int[] lengths)
    {
        var x = Tensor.FromArray([.. Enumerable.Range(0, n).Select(i => (double)i)]);
        var pieces = x.Chunk(chunks);
        Assert.Equal(lengths, pieces.Select(p => p.Shape[0]).ToArray());
        Assert.Equal(x.ToArray(), Tensor.Cat(pieces).ToArray());
    }

    [Property(MaxTest = 30)]
    public Property SplitAndChunkPiecesPassGradCheck() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties().Where(s => s.Length > 0) from d in Gen.Choose(-s.Length, s.Length - 1) from k in Gen.Choose(1, 4)
                     from chunk in Gen.Elements(true, false) from x in Naive.Tensor(s) select (x, d, k, chunk)).ToArbitrary(), c =>
        {
            Tensor[] Pieces(Tensor x) => c.chunk ? x.Chunk(c.k, c.d) : x.Split(c.k, c.d);
            var pieces = Pieces(c.x);
            int dim = c.d < 0 ? c.d + c.x.Rank : c.d;
            Assert.Equal(c.x.ToArray(), Tensor.Cat(pieces, c.d).ToArray());
            Assert.Equal(c.x.Shape[dim], pieces.Sum(p => p.Shape[dim]));
            // Each piece weighted differently, so a gradient landing in the wrong place shows.
            return Naive.Checks(xs => Pieces(xs[0]).Select((p, i) => Naive.End(p, 3) * (i + 1.0)).Aggregate((a, b) => a + b), [c.x], secondOrder: true);
        });

    [Fact]
    public void SplitAndChunkRejectNonPositiveSizesAndScalars()
    {
        var x = Tensor.Ones(2, 3);
        Assert.Contains("size 0", Assert.Throws<ArgumentException>(() => x.Split(0, 1)).Message);
        Assert.Contains("size -1", Assert.Throws<ArgumentException>(() => x.Split(-1)).Message);
        Assert.Contains("chunks must be positive, got 0", Assert.Throws<ArgumentException>(() => x.Chunk(0)).Message);
        Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Split(1));
        Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Chunk(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Split(1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Chunk(1, -3));
        Assert.Equal([2, 3], x.Shape);
    }

    [Fact]
    public void LargeLazyInputsAreRealisedBeforeJoiningAndSlicing()
    {
        var x = Tensor.Ones([100, 200], requiresGrad: true);
        var lazy = x * 2.0;   // 20,000 elements: an unevaluated expression
        var y = Tensor.Cat([lazy, lazy.Narrow(1, 50, 100)], 1);
        Assert.Equal([100, 300], y.Shape);
        Assert.All(y.ToArray(), v => Assert.Equal(2.0, v));
        (y.Permute(1, 0)[^1..].Sum() + y[99, 0]).Backward();
        var g = x.Grad!.ToArray();
        Assert.Equal(2.0 * 100 + 2.0, g.Sum());   // the last column of y is column 149 of x: 2 per row; y[99, 0] adds 2
        Assert.Equal(2.0, g[149]);
        Assert.Equal(2.0, g[99 * 200]);
    }
}
