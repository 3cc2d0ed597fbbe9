using System.Numerics.Tensors;
using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

public class AdamUpdateTests
{
    /// <summary>The update as eleven whole-array passes of System.Numerics.Tensors: what Adam.Step did before the fused loop.</summary>
    private static void Passes(AdamUpdate.Coefficients c, double[] grad, double[] p, double[] m, double[] v)
    {
        int n = p.Length;
        var scratch = new double[n];
        ReadOnlySpan<double> g = grad;
        if (c.L2 != 0)
        {
            var decayed = new double[n];
            TensorPrimitives.MultiplyAdd(p, c.L2, grad, decayed);
            g = decayed;
        }
        TensorPrimitives.Subtract(g, m, scratch);
        TensorPrimitives.MultiplyAdd(scratch, c.OneMinusBeta1, m, m);
        TensorPrimitives.Multiply(g, c.OneMinusBeta2, scratch);
        TensorPrimitives.Multiply(v, c.Beta2, v);
        TensorPrimitives.MultiplyAdd(scratch, g, v, v);
        TensorPrimitives.Sqrt(v, scratch);
        TensorPrimitives.Divide(scratch, c.BiasCorrection2Sqrt, scratch);
        TensorPrimitives.Add(scratch, c.Eps, scratch);
        TensorPrimitives.Divide(m, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, c.NegativeStepSize, p, p);
    }

    private static readonly double[] Specials = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, 1e-300, -1e300];

    [Property(MaxTest = 200)]
    public Property FusedLoopGivesTheBitsOfTheWholeArrayPasses() => Prop.ForAll(
        Gen.Choose(0, 37).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Elements(0.0, 0.01).ToArbitrary(),
        (n, seed, l2) =>
        {
            var random = new Random(seed);
            double Draw() => random.Next(12) == 0 ? Specials[random.Next(Specials.Length)] : random.NextDouble() * 4 - 2;
            double[] Array() => Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
            var (grad, p, m) = (Array(), Array(), Array());
            var v = Array().Select(Math.Abs).ToArray();
            int t = random.Next(1, 50);
            var c = new AdamUpdate.Coefficients(l2, 1 - 0.9, 0.999, 1 - 0.999, Math.Sqrt(1 - Math.Pow(0.999, t)), 1e-8, -(1e-3 / (1 - Math.Pow(0.9, t))));

            var (p2, m2, v2) = ((double[])p.Clone(), (double[])m.Clone(), (double[])v.Clone());
            Passes(c, grad, p, m, v);
            AdamUpdate.Apply(c, grad, p2, m2, v2);
            return (Same(p, p2) && Same(m, m2) && Same(v, v2)).Label($"n = {n}, seed = {seed}, λ = {l2}");
        });

    // NaNs compare as NaN: which NaN payload an operation on two NaNs returns is not specified by IEEE 754.
    private static bool Same(double[] a, double[] b) =>
        a.Zip(b).All(x => double.IsNaN(x.First) ? double.IsNaN(x.Second) : BitConverter.DoubleToInt64Bits(x.First) == BitConverter.DoubleToInt64Bits(x.Second));

    [Fact]
    public void ShortOperandsAreRefused() =>
        Assert.Throws<ArgumentException>(() => AdamUpdate.Apply(default, new double[2], new double[3], new double[3], new double[3]));
}
