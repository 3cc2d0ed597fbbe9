namespace Autograd.Tests.Core.Ops;

/// <summary>
/// The broadcast patterns of issue 12 against closed forms: x [2, 3] combined with b of shape [], [3], [2, 1] or [1, 3],
/// ended by Sum, Mean, a scalar factor, a division or a negation, on every backward path. b's gradient is the number of
/// output elements each b element reached (6 / |b|), times the ending's factor.
/// </summary>
public class BroadcastGradientTests
{
    public static TheoryData<int[], string, string> Cases()
    {
        var data = new TheoryData<int[], string, string>();
        foreach (var shape in new[] { Array.Empty<int>(), [1], [3], [2, 1], [1, 3] })
            foreach (var op in new[] { "+", "-" })
                foreach (var ending in new[] { "Sum", "Mean", "*2", "/4", "neg" })
                    data.Add(shape, op, ending);
        return data;
    }

    private static Tensor Program(Tensor x, Tensor b, string op, string ending)
    {
        var y = op == "+" ? x + b : x - b;
        return ending switch
        {
            "Sum" => y.Sum(),
            "Mean" => y.Mean(),
            "*2" => (y * 2.0).Sum(),
            "/4" => (y / 4.0).Sum(),
            _ => (-y).Sum(),
        };
    }

    private static double Factor(string op, string ending) => (op == "+" ? 1 : -1) * ending switch
    {
        "Sum" => 1.0,
        "Mean" => 1.0 / 6,
        "*2" => 2.0,
        "/4" => 0.25,
        _ => -1.0,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BroadcastOperandGetsItsSummedGradient(int[] shape, string op, string ending)
    {
        int count = Shapes.Count(shape);
        var expectedB = Enumerable.Repeat(6.0 / count * Factor(op, ending), count).ToArray();
        var expectedX = Enumerable.Repeat(Factor("+", ending), 6).ToArray();
        foreach (var path in new[] { "Backward", "createGraph", "Autodiff.Grad" })
        {
            var x = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], [2, 3], requiresGrad: true);
            var b = Tensor.FromArray(Enumerable.Range(1, count).Select(i => 0.1 * i).ToArray(), shape, requiresGrad: true);
            var loss = Program(x, b, op, ending);
            Tensor?[] grads = path switch
            {
                "Backward" => Backprop(loss, x, b, createGraph: false),
                "createGraph" => Backprop(loss, x, b, createGraph: true),
                _ => Autograd.Autodiff.Grad(loss, [x, b]),
            };
            Assert.Equal(shape, grads[1]!.Shape);
            Close(expectedB, grads[1]!.ToArray(), path);
            Close(expectedX, grads[0]!.ToArray(), path);
        }
    }

    private static void Close(double[] expected, double[] actual, string path)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"{path}: element {i} is {actual[i]}, expected {expected[i]}");
    }

    private static Tensor?[] Backprop(Tensor loss, Tensor x, Tensor b, bool createGraph)
    {
        loss.Backward(retainGraph: false, createGraph: createGraph);
        return [x.Grad, b.Grad];
    }

    [Fact]
    public void BiasTimesWeightsAfterBroadcastAdd()
    {
        // The second example: ((m + bias) ⊙ w).Sum() with m [2, 3]: ∂/∂bias = 2w = [4, 6, 8].
        var m = Tensor.Ones([2, 3], requiresGrad: true);
        var bias = Tensor.FromArray([0.1, 0.2, 0.3], [3], requiresGrad: true);
        ((m + bias) * Tensor.FromArray([2.0, 3, 4], [3])).Sum().Backward();
        Assert.Equal([4.0, 6, 8], bias.Grad!.ToArray());
        Assert.Equal([2.0, 3, 4, 2, 3, 4], m.Grad!.ToArray());
    }
}
