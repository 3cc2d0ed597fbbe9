namespace Autograd.Tests.Core.Ops;

public class IndexingTests
{
    /// <summary>A tensor of rank ≥ 1, a dim (maybe negative) and an end mode.</summary>
    private static Gen<(Tensor X, int Dim, int D, int Mode)> WithDim(int maxRank = 3) =>
        from s in Naive.ShapeWithEmpties(maxRank).Where(s => s.Length > 0)
        from d in Gen.Choose(0, s.Length - 1)
        from negative in Gen.Elements(true, false)
        from m in Gen.Choose(0, 3)
        from x in Naive.Tensor(s)
        select (x, negative ? d - s.Length : d, d, m);

    private static Tensor Matrix() => Tensor.FromArray([.. Enumerable.Range(0, 12).Select(i => (double)i)], [3, 4], requiresGrad: true);

    [Property(MaxTest = 40)]
    public Property SelectDropsTheDimAndReadsThatPosition() =>
        Prop.ForAll(WithDim(4).Where(c => c.X.Shape[c.D] > 0).SelectMany(c => Gen.Choose(-c.X.Shape[c.D], c.X.Shape[c.D] - 1).Select(i => (c, i))).ToArbitrary(), t =>
        {
            var (c, i) = t;
            var y = c.X.Select(c.Dim, i);
            int pos = i < 0 ? i + c.X.Shape[c.D] : i;
            Assert.Equal(c.X.Shape.Where((_, k) => k != c.D).ToArray(), y.Shape);
            foreach (var j in Naive.Indices(y.Shape))
                Assert.Equal(Naive.At(c.X, [.. j[..c.D], pos, .. j[c.D..]]), Naive.At(y, j));
            return Naive.Checks(xs => Naive.End(xs[0].Select(c.Dim, i), c.Mode), [c.X], secondOrder: true);
        });

    [Property(MaxTest = 40)]
    public Property NarrowKeepsAWindowOfTheDim() =>
        Prop.ForAll(WithDim(4).SelectMany(c => (from start in Gen.Choose(0, c.X.Shape[c.D]) from length in Gen.Choose(0, c.X.Shape[c.D] - start)
                                                 from negative in Gen.Elements(true, false) select (c, start, length, negative))).ToArbitrary(), t =>
        {
            var (c, start, length, negative) = t;
            int given = negative && start < c.X.Shape[c.D] ? start - c.X.Shape[c.D] : start;   // the same start counted from the end
            var y = c.X.Narrow(c.Dim, given, length);
            var s = c.X.Shape;
            s[c.D] = length;
            Assert.Equal(s, y.Shape);
            foreach (var j in Naive.Indices(y.Shape))
            {
                var i = (int[])j.Clone();
                i[c.D] += start;
                Assert.Equal(Naive.At(c.X, i), Naive.At(y, j));
            }
            return c.X.Rank > 3 ? true.ToProperty() : Naive.Checks(xs => Naive.End(xs[0].Narrow(c.Dim, given, length), c.Mode), [c.X], secondOrder: true);
        });

    [Fact]
    public void SelectAndNarrowOfAHandWrittenMatrixAndTheirGradients()
    {
        var x = Matrix();   // [[0 1 2 3] [4 5 6 7] [8 9 10 11]]
        Assert.Equal([4, 5, 6, 7], x.Select(0, 1).ToArray());
        Assert.Equal([3, 7, 11], x.Select(1, -1).ToArray());
        Assert.Equal([1, 2, 5, 6, 9, 10], x.Narrow(1, 1, 2).ToArray());
        Assert.Equal([8, 9, 10, 11], x.Narrow(0, -1, 1).ToArray());
        Assert.Equal([3, 0], x.Narrow(1, 4, 0).Shape);
        (x.Select(1, 2) * Tensor.FromArray([1, 2, 3])).Sum().Backward();
        Assert.Equal([0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0], x.Grad!.ToArray());
        x.ZeroGrad();
        x.Narrow(0, 1, 2).Mean().Backward();
        Assert.Equal([0, 0, 0, 0, .. Enumerable.Repeat(0.125, 8)], x.Grad!.ToArray());
        x.ZeroGrad();
        x[1, 2].Backward();   // a 0-d tensor: Backward from it directly
        Assert.Equal(1, x.Grad!.ToArray()[6]);
        Assert.Equal(1, x.Grad!.ToArray().Sum());
    }

    [Fact]
    public void IndexersSelectAndNarrowAlongTheFirstDimsWithRangesFromTheEnd()
    {
        var x = Matrix();
        Assert.Equal([4, 5, 6, 7], x[1].ToArray());
        Assert.Equal([8, 9, 10, 11], x[-1].ToArray());
        Assert.Equal([8, 9, 10, 11], x[^1].ToArray());
        Assert.Equal([0, 1, 2, 3], x[^3].ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => x[^0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x[^4]);
        Assert.Equal([2, 4], x[..2].Shape);
        Assert.Equal([4, 5, 6, 7], x[1..^1].ToArray());
        Assert.Equal([1, 4], x[2..].Shape);
        Assert.Equal([0, 4], x[3..].Shape);
        Assert.Equal([2, 6], x[..2, 2].ToArray());
        Assert.Equal([5, 6, 7], x[1, 1..].ToArray());
        Assert.Equal([5, 6, 9, 10], x[1.., 1..^1].ToArray());
        var e = x[2, -1];
        Assert.Equal([], e.Shape);
        Assert.Equal(11, e.Item());
        Assert.Equal([3], x[0][1..^0].Shape);
        Assert.Equal(7.0, Tensor.FromArray([5, 6, 7])[2].Item());
        x[1.., 1..^1].Sum().Backward();
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0], x.Grad!.ToArray());
    }

    [Fact]
    public void OutOfRangeIndicesNameTheDimItsSizeAndTheIndex()
    {
        var x = Matrix();
        var before = x.ToArray();
        void Throws(Func<Tensor> f, params string[] words)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => f());
            foreach (var w in words) Assert.Contains(w, e.Message);
        }
        Throws(() => x.Select(0, 3), "Index 3", "dimension 0", "size 3");
        Throws(() => x.Select(-1, -5), "Index -5", "dimension 1", "size 4");
        Throws(() => x[3], "Index 3", "dimension 0", "size 3");
        Throws(() => x[-4], "Index -4", "dimension 0", "size 3");
        Throws(() => x[0, 4], "Index 4", "dimension 1", "size 4");
        Throws(() => x[5, 0], "Index 5", "dimension 0", "size 3");
        Throws(() => x[..4], "dimension 0", "size 3", "end 4");
        Throws(() => x[2..1], "dimension 0", "size 3", "start 2", "end 1");
        Throws(() => x[0, ..5], "dimension 1", "size 4", "end 5");
        Throws(() => x[.., ^5..], "dimension 1", "size 4", "start -1");
        Throws(() => x.Narrow(1, 5, 0), "start 5", "dimension 1", "size 4");
        Throws(() => x.Narrow(1, -5, 1), "start -5", "dimension 1", "size 4");
        Throws(() => x.Narrow(0, 2, 2), "length 2", "dimension 0", "size 3");
        Throws(() => x.Narrow(0, 0, -1), "length -1");
        Throws(() => x.Select(2, 0), "Dimension 2");
        Throws(() => x.IndexSelect(1, [0, 4]), "index 4", "dimension 1", "size 4");
        Throws(() => x.IndexSelect(0, [-1]), "index -1", "dimension 0", "size 3");
        Throws(() => x.Gather(0, Tensor.FromArray([3], [1, 1])), "value 3", "dimension 0", "size 3");
        Throws(() => x.Gather(1, Tensor.FromArray([-1], [1, 1])), "value -1", "dimension 1", "size 4");
        var s = Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Select(0, 0));
        Assert.Contains("0-d", s.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Narrow(0, 0, 1));
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1, 2])[0, 0]);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1, 2])[.., 0]);
        Assert.Equal(before, x.ToArray());
        Assert.Null(x.Grad);
    }

    [Property(MaxTest = 40)]
    public Property IndexSelectReadsTheListedSlicesAndAddsGradientsOfRepeats() =>
        Prop.ForAll(WithDim().SelectMany(c => Gen.Choose(0, Math.Max(0, c.X.Shape[c.D] - 1)).ArrayOf().Select(i => c.X.Shape[c.D] == 0 ? [] : i.Take(5).ToArray())
                                             .Select(i => (c, i))).ToArbitrary(), t =>
        {
            var (c, idx) = t;
            var y = c.X.IndexSelect(c.Dim, idx);
            foreach (var j in Naive.Indices(y.Shape))
            {
                var i = (int[])j.Clone();
                i[c.D] = idx[j[c.D]];
                Assert.Equal(Naive.At(c.X, i), Naive.At(y, j));
            }
            return Naive.Checks(xs => Naive.End(xs[0].IndexSelect(c.Dim, idx), c.Mode), [c.X], secondOrder: true);
        });

    [Fact]
    public void IndexSelectWithRepeatsAndOnAScalar()
    {
        var x = Matrix();
        var y = x.IndexSelect(1, [3, 0, 3]);
        Assert.Equal([3, 3], y.Shape);
        Assert.Equal([3, 0, 3, 7, 4, 7, 11, 8, 11], y.ToArray());
        y.Sum().Backward();
        Assert.Equal([1, 0, 0, 2, 1, 0, 0, 2, 1, 0, 0, 2], x.Grad!.ToArray());
        Assert.Equal([0, 4], x.IndexSelect(0, []).Shape);
        var s = Tensor.Scalar(5, requiresGrad: true);
        var z = s.IndexSelect(0, [0]);
        Assert.Equal([], z.Shape);
        (z * 3.0).Backward();
        Assert.Equal(3, s.Grad!.Item());
        Assert.Throws<ArgumentException>(() => s.IndexSelect(0, [0, 0]));
        Assert.Throws<ArgumentNullException>(() => x.IndexSelect(0, null!));
    }

    private static Gen<(Tensor X, int Dim, int D, int Mode, Tensor Index)> Gathered() =>
        from c in WithDim()
        from raw in Gen.Choose(0, 1000).ArrayOf(c.X.Rank)
        let sizes = c.X.Shape.Select((n, k) => k == c.D ? (n == 0 ? 0 : raw[k] % 5) : raw[k] % (n + 1)).ToArray()
        from values in Gen.Choose(0, Math.Max(0, c.X.Shape[c.D] - 1)).ArrayOf(sizes.Aggregate(1, (p, s) => p * s))
        select (c.X, c.Dim, c.D, c.Mode, Tensor.FromArray([.. values.Select(v => (double)v)], [.. sizes]));

    [Property(MaxTest = 40)]
    public Property GatherReadsTheIndexedElementAlongTheDim() =>
        Prop.ForAll(Gathered().ToArbitrary(), c =>
        {
            var y = c.X.Gather(c.Dim, c.Index);
            Assert.Equal(c.Index.Shape, y.Shape);
            foreach (var j in Naive.Indices(y.Shape))
            {
                var i = (int[])j.Clone();
                i[c.D] = (int)Naive.At(c.Index, j);
                Assert.Equal(Naive.At(c.X, i), Naive.At(y, j));
            }
            return Naive.Checks(xs => Naive.End(xs[0].Gather(c.Dim, c.Index), c.Mode), [c.X], secondOrder: true);
        });

    [Fact]
    public void GatherOfAHandWrittenMatrixScatterAddsItsGradient()
    {
        var x = Tensor.FromArray([1, 2, 3, 4], [2, 2], requiresGrad: true);
        var y = x.Gather(1, Tensor.FromArray([0, 0, 1, 0], [2, 2]));
        Assert.Equal([1, 1, 4, 3], y.ToArray());
        (y * Tensor.FromArray([1, 2, 3, 4], [2, 2])).Sum().Backward();
        Assert.Equal([3, 0, 4, 3], x.Grad!.ToArray());
        var rows = Tensor.FromArray([10, 20, 30, 40, 50, 60], [3, 2]).Gather(0, Tensor.FromArray([2, 0], [1, 2]));
        Assert.Equal([50, 20], rows.ToArray());
        var s = Tensor.Scalar(7, requiresGrad: true);
        var g = s.Gather(0, Tensor.Scalar(0));
        Assert.Equal(7, g.Item());
        g.Backward();
        Assert.Equal(1, s.Grad!.Item());
    }

    [Fact]
    public void GatherRejectsFractionalIndicesWrongRanksAndLargerSizes()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3]);
        var e = Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.FromArray([0.5], [1, 1])));
        Assert.Contains("0.5", e.Message);
        Assert.Contains("whole number", e.Message);
        Assert.Contains("whole number", Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.FromArray([double.NaN], [1, 1]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Tensor.FromArray([double.PositiveInfinity], [1, 1])));
        e = Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.FromArray([0, 1], [2])));
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("rank", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.Zeros(3, 1)));
        Assert.Contains("[3, 1]", e.Message);
        Assert.Contains("dimension 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(2, Tensor.Zeros(1, 1)));
        Assert.Throws<ArgumentNullException>(() => x.Gather(0, null!));
        Assert.Equal([1, 2, 3, 4, 5, 6], x.ToArray());
    }
}
