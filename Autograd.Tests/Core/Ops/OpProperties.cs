
namespace Autograd.Tests.Core.Ops;

/// <summary>Shared helper: a property that GradCheck passes for <paramref name="f"/> on generated inputs.</summary>
internal static class OpProperties
{
    public static Property GradCheckPasses<T>(Gen<T> inputs, Func<T, Tensor[]> toTensors, Func<Tensor[], Tensor> f) =>
        Prop.ForAll(inputs.ToArbitrary(), value =>
        {
            var result = GradCheck.Check(f, toTensors(value));
            return result.Passed.Label(result.ToString());
        });

    public static Property UnaryGradCheck(double min, double max, Func<Tensor, Tensor> op) =>
        GradCheckPasses(TensorGen.Tensor(min, max), x => [x], xs => op(xs[0]));

    public static Property UnaryGradCheckAwayFromZero(double minAbs, double maxAbs, Func<Tensor, Tensor> op) =>
        GradCheckPasses(TensorGen.Shape().SelectMany(s => TensorGen.NonZeroTensor(s, minAbs, maxAbs)), x => [x], xs => op(xs[0]));

    public static void AssertClose(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        var got = actual.ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
            Assert.True(Math.Abs(expected[i] - got[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {got[i]}");
    }
}
