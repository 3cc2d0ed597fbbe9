using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

/// <summary>
/// Independent references for the shape, indexing and joining tests: elements read by multi-index through strides
/// computed here, every multi-index of a shape, and the varied ways a test program ends.
/// </summary>
internal static class Naive
{
    /// <summary>Shapes of rank 0..<paramref name="maxRank"/> with sizes 0..<paramref name="maxDim"/> (size 0 included).</summary>
    public static Gen<int[]> ShapeWithEmpties(int maxRank = 3, int maxDim = 3) =>
        Gen.Choose(0, maxRank).SelectMany(r => Gen.Frequency((1, Gen.Choose(0, maxDim)), (5, Gen.Choose(1, maxDim))).ArrayOf(r));

    public static Gen<Tensor> Tensor(int[] shape) => TensorGen.Tensor(shape, -2, 2);

    /// <summary>x at the multi-index <paramref name="index"/>: Σ index[k]·Π shape[k+1..], computed from the right.</summary>
    public static double At(Tensor x, int[] index)
    {
        var shape = x.Shape;
        Assert.Equal(shape.Length, index.Length);
        int flat = 0;
        for (int k = 0; k < shape.Length; k++)
        {
            Assert.InRange(index[k], 0, shape[k] - 1);
            flat = flat * shape[k] + index[k];
        }
        return x.ToArray()[flat];
    }

    /// <summary>Every multi-index of <paramref name="shape"/>, in row-major order (one, [], for a 0-d shape).</summary>
    public static IEnumerable<int[]> Indices(int[] shape)
    {
        IEnumerable<int[]> all = [[]];
        foreach (int size in shape) all = all.SelectMany(prefix => Enumerable.Range(0, size).Select(i => (int[])[.. prefix, i])).ToList();
        return all;
    }

    /// <summary>Ends a program in one of several ways: the tensor itself (full Jacobian), Sum, Mean, a weighted sum, a scalar element.</summary>
    public static Tensor End(Tensor y, int mode) => (mode % 4) switch
    {
        0 => y,
        1 => y.Sum(),
        2 => y.Count > 0 ? y.Mean() : y.Sum(),   // the mean of nothing is NaN, whose finite differences are NaN
        _ => (y * Weights(y.Shape)).Sum(),
    };

    /// <summary>A fixed pseudo-random weight tensor for a shape (the same for every call, so f stays deterministic).</summary>
    public static Tensor Weights(int[] shape)
    {
        var r = new Random(shape.Aggregate(17, (h, s) => h * 31 + s));
        return Autograd.Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (p, s) => p * s)).Select(_ => r.NextDouble() * 4 - 2).ToArray(), shape);
    }

    /// <summary>Σ w·y² for second-order checks: the first gradient depends on x, so its backward runs the op's rule's rule.</summary>
    public static Tensor Squared(Tensor y) => (y * y * Weights(y.Shape)).Sum();

    public static Property Checks(Func<Tensor[], Tensor> f, Tensor[] inputs, bool secondOrder)
    {
        var first = GradCheck.Check(f, inputs);
        if (!first.Passed || !secondOrder) return first.Passed.Label(first.ToString());
        var second = GradCheck.CheckSecondOrder(xs => Squared(f(xs)), inputs);
        return second.Passed.Label("second order: " + second);
    }

    /// <summary>A random permutation of 0..n−1 from a generated sort key per position.</summary>
    public static Gen<int[]> Permutation(int n) =>
        Gen.Choose(0, 1000).ArrayOf(n).Select(keys => Enumerable.Range(0, n).OrderBy(i => keys[i]).ThenBy(i => i).ToArray());
}

public class ShapeOpsTests
{
    [Property(MaxTest = 40)]
    public Property UnsqueezeInsertsASizeOneDimensionAndKeepsTheData() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties(4) from d in Gen.Choose(-s.Length - 1, s.Length) from x in Naive.Tensor(s) select (x, d)).ToArbitrary(), c =>
        {
            var y = c.x.Unsqueeze(c.d);
            var s = c.x.Shape.ToList();
            s.Insert(c.d < 0 ? c.d + s.Count + 1 : c.d, 1);
            Assert.Equal(s.ToArray(), y.Shape);
            Assert.Equal(c.x.ToArray(), y.ToArray());
        });

    [Property(MaxTest = 30)]
    public Property UnsqueezeAndSqueezePassGradCheck() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties() from d in Gen.Choose(-s.Length - 1, s.Length) from m in Gen.Choose(0, 3) from x in Naive.Tensor(s) select (x, d, m)).ToArbitrary(),
            c => Naive.Checks(xs => Naive.End(xs[0].Unsqueeze(c.d).Squeeze(c.d).Unsqueeze(c.d).Squeeze(), c.m), [c.x], secondOrder: true));

    [Fact]
    public void SqueezeRemovesSizeOneDimensionsAndIsANoOpElsewhere()
    {
        var x = Tensor.FromArray([1, 2, 3], [1, 3, 1]);
        Assert.Equal([3], x.Squeeze().Shape);
        Assert.Equal([3, 1], x.Squeeze(0).Shape);
        Assert.Equal([1, 3], x.Squeeze(-1).Shape);
        Assert.Equal([1, 3, 1], x.Squeeze(1).Shape);   // size 3: kept, as in PyTorch
        Assert.Equal([1, 2, 3], x.Squeeze(1).ToArray());
        Assert.Equal([0, 2], Tensor.Zeros(1, 0, 1, 2).Squeeze().Shape);
        Assert.Equal([], Tensor.Ones(1, 1).Squeeze().Shape);
        Assert.Equal([], Tensor.Scalar(4).Squeeze(0).Shape);
        Assert.Equal([], Tensor.Scalar(4).Squeeze(-1).Shape);
        Assert.Equal([1], Tensor.Scalar(4).Unsqueeze(-1).Shape);
        Assert.Equal([2, 1, 3], Tensor.Zeros(2, 3).Unsqueeze(-2).Shape);
    }

    [Fact]
    public void FlattenMergesTheDimensionsFromStartToEnd()
    {
        var x = Tensor.Zeros(2, 3, 4, 5);
        Assert.Equal([120], x.Flatten().Shape);
        Assert.Equal([2, 12, 5], x.Flatten(1, 2).Shape);
        Assert.Equal([2, 3, 20], x.Flatten(-2).Shape);
        Assert.Equal([6, 4, 5], x.Flatten(0, -3).Shape);
        Assert.Equal([2, 3, 4, 5], x.Flatten(2, 2).Shape);
        Assert.Equal([1], Tensor.Scalar(3).Flatten().Shape);
        Assert.Equal([2, 0], Tensor.Zeros(2, 0, 4).Flatten(1).Shape);
        var e = Assert.Throws<ArgumentException>(() => x.Flatten(2, 1));
        Assert.Contains("startDim 2", e.Message);
        Assert.Contains("[2, 3, 4, 5]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Flatten(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Flatten(0, -5));
    }

    [Property(MaxTest = 30)]
    public Property FlattenPassesGradCheck() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties() from a in Gen.Choose(0, Math.Max(0, s.Length - 1)) from b in Gen.Choose(a, Math.Max(0, s.Length - 1))
                     from m in Gen.Choose(0, 3) from x in Naive.Tensor(s) select (x, a, b, m)).ToArbitrary(),
            c => Naive.Checks(xs => Naive.End(xs[0].Flatten(c.a, c.b - Math.Max(1, c.x.Rank)), c.m), [c.x], secondOrder: true));

    private static Gen<(Tensor X, int[] Dims)> Permuted(int maxRank, int maxDim) =>
        from s in Naive.ShapeWithEmpties(maxRank, maxDim)
        from p in Naive.Permutation(s.Length)
        from negative in Gen.Elements(true, false).ArrayOf(s.Length)
        from x in Naive.Tensor(s)
        select (x, p.Select((d, k) => negative[k] ? d - s.Length : d).ToArray());

    [Property(MaxTest = 40)]
    public Property PermuteMovesEveryElementToItsPermutedIndex() =>
        Prop.ForAll(Permuted(4, 3).ToArbitrary(), c =>
        {
            var y = c.X.Permute(c.Dims);
            var p = c.Dims.Select(d => d < 0 ? d + c.X.Rank : d).ToArray();
            Assert.Equal(p.Select(d => c.X.Shape[d]).ToArray(), y.Shape);
            foreach (var j in Naive.Indices(y.Shape))
            {
                var i = new int[j.Length];
                for (int k = 0; k < j.Length; k++) i[p[k]] = j[k];
                Assert.Equal(Naive.At(c.X, i), Naive.At(y, j));
            }
        });

    [Property(MaxTest = 30)]
    public Property PermutePassesGradCheckToSecondOrder() =>
        Prop.ForAll(Permuted(3, 3).SelectMany(c => Gen.Choose(0, 3).Select(m => (c.X, c.Dims, m))).ToArbitrary(),
            c => Naive.Checks(xs => Naive.End(xs[0].Permute(c.Dims), c.m), [c.X], secondOrder: true));

    [Fact]
    public void PermuteAndTransposeOfAHandWrittenTensor()
    {
        var x = Tensor.FromArray([.. Enumerable.Range(0, 6).Select(i => (double)i)], [1, 2, 3], requiresGrad: true);   // [[[0 1 2] [3 4 5]]]
        var y = x.Permute(2, 0, 1);
        Assert.Equal([3, 1, 2], y.Shape);
        Assert.Equal([0, 3, 1, 4, 2, 5], y.ToArray());
        Assert.Equal([0, 3, 1, 4, 2, 5], x.Transpose(-1, 1).ToArray());
        Assert.Equal([3, 2, 1], x.Transpose(0, 2).Shape);
        Assert.Equal(x.Reshape(2, 3).T.ToArray(), x.Reshape(2, 3).Transpose(0, 1).ToArray());
        (y * Tensor.FromArray([1, 2, 3, 4, 5, 6], [3, 1, 2])).Sum().Backward();
        Assert.Equal([1, 3, 5, 2, 4, 6], x.Grad!.ToArray());   // the weights permuted back
        Assert.Equal([], Tensor.Scalar(2).Permute().Shape);
        Assert.Equal([], Tensor.Scalar(2).Transpose(0, -1).Shape);
    }

    [Property(MaxTest = 30)]
    public Property TransposeOfAnyRankEqualsPermuteWithTwoDimsSwapped() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties(4) from a in Gen.Choose(-Math.Max(1, s.Length), Math.Max(1, s.Length) - 1)
                     from b in Gen.Choose(-Math.Max(1, s.Length), Math.Max(1, s.Length) - 1) from m in Gen.Choose(0, 3) from x in Naive.Tensor(s) select (x, a, b, m)).ToArbitrary(), c =>
        {
            if (c.x.Rank > 0)
            {
                var p = Enumerable.Range(0, c.x.Rank).ToArray();
                int a = c.a < 0 ? c.a + c.x.Rank : c.a, b = c.b < 0 ? c.b + c.x.Rank : c.b;
                (p[a], p[b]) = (p[b], p[a]);
                Assert.Equal(c.x.Permute(p).Shape, c.x.Transpose(c.a, c.b).Shape);
                Assert.Equal(c.x.Permute(p).ToArray(), c.x.Transpose(c.a, c.b).ToArray());
            }
            return c.x.Rank > 3 ? true.ToProperty() : Naive.Checks(xs => Naive.End(xs[0].Transpose(c.a, c.b), c.m), [c.x], secondOrder: true);
        });

    [Fact]
    public void PermuteRejectsWrongLengthRepeatsAndOutOfRangeDims()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3]);
        var e = Assert.Throws<ArgumentException>(() => x.Permute(0));
        Assert.Contains("rank 2", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Permute(1, -1));
        Assert.Contains("-1 appears twice", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => x.Permute(0, 2));
        Assert.Contains("Dimension 2", r.Message);
        Assert.Throws<ArgumentNullException>(() => x.Permute(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(-3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(-4));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Squeeze(2));
        Assert.Equal([1, 2, 3, 4, 5, 6], x.ToArray());
        Assert.Equal([2, 3], x.Shape);
    }

    [Fact]
    public void CloneHasItsOwnBufferAndPassesTheGradientThrough()
    {
        var x = Tensor.FromArray([1, -2, 3], requiresGrad: true);
        var y = x.Clone();
        Assert.NotSame(x.Data, y.Data);
        Assert.Equal(x.ToArray(), y.ToArray());
        Assert.Equal("Clone", y.GradFn);
        (y * Tensor.FromArray([4, 5, 6])).Sum().Backward();
        Assert.Equal([4, 5, 6], x.Grad!.ToArray());
        var big = Tensor.Ones([20_000], requiresGrad: true) * 2.0;   // a lazy tensor: the clone is computed into its own buffer
        Assert.Equal(2.0, big.Clone().Span[19_999]);
        Assert.Equal(5, Tensor.Scalar(5).Clone().Item());
    }

    [Property(MaxTest = 30)]
    public Property ClonePassesGradCheck() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties() from m in Gen.Choose(0, 3) from x in Naive.Tensor(s) select (x, m)).ToArbitrary(),
            c => Naive.Checks(xs => Naive.End(xs[0].Clone(), c.m), [c.x], secondOrder: true));

    [Fact]
    public void ExpandRepeatsSizeOneAndNewLeadingDimensionsKeepingMinusOne()
    {
        var x = Tensor.FromArray([1, 2, 3], [3, 1], requiresGrad: true);
        var y = x.Expand(2, -1, 4);
        Assert.Equal([2, 3, 4], y.Shape);
        foreach (var j in Naive.Indices(y.Shape)) Assert.Equal(j[1] + 1, Naive.At(y, j));
        y.Sum().Backward();
        Assert.Equal([8, 8, 8], x.Grad!.ToArray());
        Assert.Equal([3, 0], x.Expand(-1, 0).Shape);
        Assert.Equal([2, 2, 2, 2, 2], Tensor.Scalar(2).Expand(5).ToArray());

        var e = Assert.Throws<ArgumentException>(() => x.Expand(-1, 3, 1));
        Assert.Contains("-1", e.Message);
        Assert.Contains("[3, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Expand(4, 2));
        Assert.Contains("[3, 1]", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Expand(2));
        Assert.Contains("fewer dimensions", e.Message);
        Assert.Throws<ArgumentException>(() => x.Expand(3, -2));
        Assert.Equal([1, 2, 3], x.ToArray());
    }

    [Property(MaxTest = 30)]
    public Property ExpandPassesGradCheck() =>
        Prop.ForAll((from s in Naive.ShapeWithEmpties(2) from ones in Gen.Elements(true, false).ArrayOf(s.Length) from lead in Gen.Choose(0, 2)
                     from keep in Gen.Elements(true, false).ArrayOf(s.Length) from m in Gen.Choose(0, 3)
                     from x in Naive.Tensor(s.Select((d, k) => ones[k] ? 1 : d).ToArray()) select (x, s, lead, keep, m)).ToArbitrary(), c =>
        {
            int[] target = [.. Enumerable.Repeat(2, c.lead), .. c.s.Select((d, k) => c.keep[k] ? -1 : d)];
            var y = c.x.Expand(target);
            foreach (var j in Naive.Indices(y.Shape))
                Assert.Equal(Naive.At(c.x, j[c.lead..].Select((v, k) => c.x.Shape[k] == 1 ? 0 : v).ToArray()), Naive.At(y, j));
            return Naive.Checks(xs => Naive.End(xs[0].Expand(target), c.m), [c.x], secondOrder: true);
        });
}
