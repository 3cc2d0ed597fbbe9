using Autograd.Nn;
using Autograd.Tests.Core.Ops;

namespace Autograd.Tests.Nn.Layers;

/// <summary>
/// Functional.Softmax and Functional.LogSoftmax along a dimension: values against a naive loop over the slices (written
/// with explicit indices, shifted by the slice's maximum), closed forms at ±1000 and −∞, gradients by finite differences
/// (first and second order) over random shapes, dims (negative too), size-1 and size-0 dimensions.
/// </summary>
public class SoftmaxTests
{
    /// <summary>A shape of rank 0..3 with dimensions 0..3 (some size 0 and size 1), values in [−3, 3], and a dim in [−rank, rank).</summary>
    private static Gen<(Tensor X, int Dim)> AlongADim(int minDim = 0) =>
        from rank in Gen.Choose(0, 3)
        from shape in Gen.Choose(minDim, 3).ArrayOf(rank)
        from x in TensorGen.Tensor(shape, -3, 3)
        from dim in Gen.Choose(-Math.Max(rank, 1), Math.Max(rank, 1) - 1)
        select (x, dim);

    /// <summary>log-softmax by loops: for every slice along dim, xᵢ − (m + log Σⱼ e^(xⱼ − m)) with m the slice's maximum.</summary>
    private static double[] NaiveLogSoftmax(double[] x, int[] shape, int dim)
    {
        if (shape.Length == 0) return [x[0] - x[0]];
        int d = dim < 0 ? dim + shape.Length : dim;
        int length = shape[d], inner = 1, outer = 1;
        for (int k = d + 1; k < shape.Length; k++) inner *= shape[k];
        for (int k = 0; k < d; k++) outer *= shape[k];
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int Index(int j) => (o * length + j) * inner + i;
                double m = double.NegativeInfinity;
                for (int j = 0; j < length; j++) m = Math.Max(m, x[Index(j)]);
                double sum = 0;
                for (int j = 0; j < length; j++) sum += Math.Exp(x[Index(j)] - m);
                for (int j = 0; j < length; j++) y[Index(j)] = x[Index(j)] - m - Math.Log(sum);
            }
        return y;
    }

    [Property(MaxTest = 40)]
    public Property ValuesMatchTheNaiveLoopAndSlicesSumToOne() =>
        Prop.ForAll(AlongADim().ToArbitrary(), c =>
        {
            var expected = NaiveLogSoftmax(c.X.ToArray(), c.X.Shape, c.Dim);
            var log = Functional.LogSoftmax(c.X, c.Dim);
            var soft = Functional.Softmax(c.X, c.Dim);
            Assert.Equal(c.X.Shape, log.Shape);
            Assert.Equal(c.X.Shape, soft.Shape);
            OpProperties.AssertClose(expected, log, 1e-14);
            OpProperties.AssertClose(expected.Select(Math.Exp).ToArray(), soft, 1e-14);
            if (c.X.Count > 0)
            {
                var sums = c.X.Rank == 0 ? soft : soft.Sum(c.Dim);
                Assert.All(sums.ToArray(), s => Assert.Equal(1.0, s, 1e-14));
            }
            return true;
        });

    [Property(MaxTest = 30)]
    public Property LogSoftmaxPassesGradCheck() =>
        Prop.ForAll(AlongADim().ToArbitrary(), c =>
        {
            var result = GradCheck.Check(xs => Functional.LogSoftmax(xs[0], c.Dim), [c.X]);
            return result.Passed.Label(result.ToString());
        });

    [Property(MaxTest = 30)]
    public Property SoftmaxPassesGradCheck() =>
        Prop.ForAll(AlongADim().ToArbitrary(), c =>
        {
            var result = GradCheck.Check(xs => Functional.Softmax(xs[0], c.Dim), [c.X]);
            return result.Passed.Label(result.ToString());
        });

    [Property(MaxTest = 20)]
    public Property BothPassSecondOrderGradCheck() =>
        Prop.ForAll(AlongADim(minDim: 1).ToArbitrary(), c =>
        {
            var log = GradCheck.CheckSecondOrder(xs => Functional.LogSoftmax(xs[0], c.Dim), [c.X]);
            var soft = GradCheck.CheckSecondOrder(xs => Functional.Softmax(xs[0], c.Dim), [c.X]);
            return (log.Passed && soft.Passed).Label($"{log} / {soft}");
        });

    [Fact]
    public void GradientMatchesTheClosedForm()
    {
        // ∂/∂x Σ wᵢ·log_softmax(x)ᵢ = w − softmax(x)·Σ w;  ∂/∂x Σ wᵢ·softmax(x)ᵢ = s ⊙ (w − Σ wⱼsⱼ).
        double[] v = [0.3, -1.2, 2.0], w = [1.5, -0.5, 2.0];
        double total = v.Sum(Math.Exp);
        var s = v.Select(a => Math.Exp(a) / total).ToArray();

        var x = Tensor.FromArray(v, requiresGrad: true);
        (Functional.LogSoftmax(x, 0) * Tensor.FromArray(w)).Sum().Backward();
        OpProperties.AssertClose(w.Select((wi, i) => wi - s[i] * w.Sum()).ToArray(), x.Grad!, 1e-14);

        var x2 = Tensor.FromArray(v, requiresGrad: true);
        (Functional.Softmax(x2, -1) * Tensor.FromArray(w)).Sum().Backward();
        double ws = w.Select((wi, i) => wi * s[i]).Sum();
        OpProperties.AssertClose(s.Select((si, i) => si * (w[i] - ws)).ToArray(), x2.Grad!, 1e-14);
    }

    [Fact]
    public void LargeValuesNeitherOverflowNorUnderflowToNaN()
    {
        var x = Tensor.FromArray([1000.0, -1000.0, 1000.0, 999.0], [2, 2], requiresGrad: true);
        double l = Math.Log(1 + Math.Exp(-1));
        OpProperties.AssertClose([0.0, -2000.0, -l, -1 - l], Functional.LogSoftmax(x, 1), 1e-15);
        OpProperties.AssertClose([1.0, 0.0, 1 / (1 + Math.Exp(-1)), Math.Exp(-1) / (1 + Math.Exp(-1))], Functional.Softmax(x, 1), 1e-15);
        // Along dim 0: columns [1000, 1000] and [−1000, 999].
        OpProperties.AssertClose([-Math.Log(2), -1999.0, -Math.Log(2), 0.0], Functional.LogSoftmax(x, 0), 1e-15);
        OpProperties.AssertClose([0.5, 0.0, 0.5, 1.0], Functional.Softmax(x, -2), 1e-15);
        // Equal large values: uniform.
        OpProperties.AssertClose([1 / 3.0, 1 / 3.0, 1 / 3.0], Functional.Softmax(Tensor.FromArray([-1000.0, -1000.0, -1000.0]), 0), 1e-15);

        Functional.Softmax(x, 1).Sum().Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void NegativeInfinityEntriesGetZeroProbabilityAndZeroGradient()
    {
        var x = Tensor.FromArray([double.NegativeInfinity, 0.0, 0.0], requiresGrad: true);
        Assert.Equal([double.NegativeInfinity, -Math.Log(2), -Math.Log(2)], Functional.LogSoftmax(x, 0).ToArray());
        OpProperties.AssertClose([0.0, 0.5, 0.5], Functional.Softmax(x, 0), 1e-15);

        (Functional.Softmax(x, 0) * Tensor.FromArray([3.0, 1.0, -1.0])).Sum().Backward();
        // s = [0, ½, ½]: ∂ = s ⊙ (w − Σ wⱼsⱼ) = [0, ½·1, ½·(−1)].
        OpProperties.AssertClose([0.0, 0.5, -0.5], x.Grad!, 1e-15);
        Assert.Equal(0.0, x.Grad!.ToArray()[0]);

        // A slice that is entirely −∞ has no distribution: NaN, as PyTorch; the other slice is unaffected.
        var masked = Tensor.FromArray([double.NegativeInfinity, double.NegativeInfinity, 1.0, 1.0], [2, 2]);
        var soft = Functional.Softmax(masked, 1).ToArray();
        Assert.True(double.IsNaN(soft[0]) && double.IsNaN(soft[1]));
        Assert.Equal([0.5, 0.5], soft[2..]);
        // +∞ or NaN in a slice: NaN throughout that slice (∞ − ∞), as PyTorch.
        Assert.All(Functional.Softmax(Tensor.FromArray([double.PositiveInfinity, 0.0]), 0).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(Functional.LogSoftmax(Tensor.FromArray([1.0, double.NaN, 0.0]), 0).ToArray(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void ScalarsAndEmptyTensors()
    {
        Assert.Equal(1.0, Functional.Softmax(Tensor.Scalar(7.5), 0).Item());
        Assert.Equal(0.0, Functional.LogSoftmax(Tensor.Scalar(-1000), -1).Item());
        Assert.Equal([0, 3], Functional.Softmax(Tensor.Zeros(0, 3), 1).Shape);
        Assert.Equal([3, 0], Functional.LogSoftmax(Tensor.Zeros(3, 0), 1).Shape);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, -3)]
    [InlineData(0, 1)]
    [InlineData(0, -2)]
    public void AnOutOfRangeDimIsRejectedNamingTheDim(int rank, int dim)
    {
        var x = Tensor.FromArray(rank == 0 ? [1.5] : [1.0, 2, 3, 4], rank == 0 ? [] : [2, 2]);
        var before = x.ToArray();
        foreach (var f in new Func<Tensor, int, Tensor>[] { Functional.Softmax, Functional.LogSoftmax })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => f(x, dim));
            Assert.Equal("dim", error.ParamName);
            Assert.Contains(dim.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
            Assert.Contains($"rank {rank}", error.Message);
        }
        Assert.Equal(before, x.ToArray());
        Assert.Throws<ArgumentNullException>(() => Functional.Softmax(null!, 0));
        Assert.Throws<ArgumentNullException>(() => Functional.LogSoftmax(null!, 0));
    }
}
