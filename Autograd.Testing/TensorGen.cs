
namespace Autograd.Testing;

/// <summary>
/// FsCheck generators for tensors: shapes, broadcast-compatible shape pairs, and values drawn from an op's domain.
/// Reusable for checking your own layers: <c>Prop.ForAll(TensorGen.Tensor(-2, 2).ToArbitrary(), x =&gt; GradCheck.Check(...).Passed)</c>.
/// </summary>
public static class TensorGen
{
    /// <summary>Shapes of rank 0..<paramref name="maxRank"/> with dimensions 1..<paramref name="maxDim"/>.</summary>
    public static Gen<int[]> Shape(int maxRank = 3, int maxDim = 4) =>
        Gen.Choose(0, maxRank).SelectMany(rank => Gen.Choose(1, maxDim).ArrayOf(rank));

    /// <summary>
    /// Two shapes that broadcast together: both are taken from one full shape, each keeping a suffix of its
    /// dimensions and replacing some of them by 1, so every NumPy broadcasting case (rank padding, 1-expansion) appears.
    /// </summary>
    public static Gen<(int[] A, int[] B)> BroadcastPair(int maxRank = 3, int maxDim = 4) =>
        from full in Shape(maxRank, maxDim)
        from a in Operand(full)
        from b in Operand(full)
        select (a, b);

    private static Gen<int[]> Operand(int[] full) =>
        from keep in Gen.Choose(0, full.Length)
        from ones in Gen.Elements(true, false).ArrayOf(full.Length)
        select full[(full.Length - keep)..].Select((d, i) => ones[i] ? 1 : d).ToArray();

    /// <summary><paramref name="count"/> values uniform in [<paramref name="min"/>, <paramref name="max"/>] (a grid of 2²⁰ points).</summary>
    public static Gen<double[]> Values(int count, double min, double max) =>
        Gen.Choose(0, 1 << 20).Select(i => min + (max - min) * i / (1 << 20)).ArrayOf(count);

    /// <summary>Values whose magnitude lies in [<paramref name="minAbs"/>, <paramref name="maxAbs"/>], with either sign: a domain that avoids 0.</summary>
    public static Gen<double[]> NonZeroValues(int count, double minAbs, double maxAbs) =>
        from magnitudes in Values(count, minAbs, maxAbs)
        from signs in Gen.Elements(-1.0, 1.0).ArrayOf(count)
        select magnitudes.Select((m, i) => m * signs[i]).ToArray();

    /// <summary>A tensor of the given shape with values uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Gen<Tensor> Tensor(int[] shape, double min, double max, bool requiresGrad = true) =>
        Values(Shapes.Count(shape), min, max).Select(v => Autograd.Tensor.FromArray(v, shape, requiresGrad));

    /// <summary>A tensor of random shape with values uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Gen<Tensor> Tensor(double min = -2, double max = 2, bool requiresGrad = true, int maxRank = 3, int maxDim = 4) =>
        Shape(maxRank, maxDim).SelectMany(s => Tensor(s, min, max, requiresGrad));

    /// <summary>A tensor of random shape whose values have magnitude in [<paramref name="minAbs"/>, <paramref name="maxAbs"/>].</summary>
    public static Gen<Tensor> NonZeroTensor(int[] shape, double minAbs, double maxAbs, bool requiresGrad = true) =>
        NonZeroValues(Shapes.Count(shape), minAbs, maxAbs).Select(v => Autograd.Tensor.FromArray(v, shape, requiresGrad));

    /// <summary>Two tensors of broadcast-compatible shapes; the second one's values stay away from 0 when <paramref name="nonZeroB"/>.</summary>
    public static Gen<(Tensor A, Tensor B)> BroadcastTensors(double min = -2, double max = 2, bool nonZeroB = false) =>
        from shapes in BroadcastPair()
        from a in Tensor(shapes.A, min, max)
        from b in nonZeroB ? NonZeroTensor(shapes.B, 0.5, max) : Tensor(shapes.B, min, max)
        select (a, b);
}
