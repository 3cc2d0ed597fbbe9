using TorchSharp;
using static TorchSharp.torch;
using AgTensor = Autograd.Tensor;
using F = Autograd.Nn.Functional;
using TsTensor = TorchSharp.torch.Tensor;

/// <summary>
/// Values and gradients of the tensor vocabulary against libtorch (float64): each op on the same random inputs in both
/// worlds, ended by the same weighted sum, then the largest relative difference of the outputs and of every input's
/// gradient.
/// </summary>
internal static class OpParity
{
    private sealed record Case(string Name, int[][] Shapes, Func<AgTensor[], AgTensor> Ours, Func<TsTensor[], TsTensor> Theirs,
        double Min = -2, double Max = 2);

    private static IEnumerable<Case> Cases() =>
    [
        new("Log1p", [[3, 4]], x => x[0].Log1p(), x => x[0].log1p(), -0.9, 3),
        new("Expm1", [[3, 4]], x => x[0].Expm1(), x => x[0].expm1()),
        new("Square", [[3, 4]], x => x[0].Square(), x => x[0].square()),
        new("Sin", [[3, 4]], x => x[0].Sin(), x => x[0].sin()),
        new("Cos", [[3, 4]], x => x[0].Cos(), x => x[0].cos()),
        new("Clamp(-0.5, 0.7)", [[3, 4]], x => x[0].Clamp(-0.5, 0.7), x => x[0].clamp(-0.5, 0.7)),
        new("Maximum (broadcast)", [[3, 4], [4]], x => AgTensor.Maximum(x[0], x[1]), x => torch.maximum(x[0], x[1])),
        new("Minimum (broadcast)", [[3, 1], [4]], x => AgTensor.Minimum(x[0], x[1]), x => torch.minimum(x[0], x[1])),
        new("Lgamma", [[3, 4]], x => x[0].Lgamma(), x => x[0].lgamma(), 0.1, 8),
        new("Lgamma on (-4, -3)", [[6]], x => x[0].Lgamma(), x => x[0].lgamma(), -3.95, -3.05),
        new("Digamma on (-1, 0)", [[6]], x => x[0].Digamma(), x => x[0].digamma(), -0.95, -0.05),
        new("Digamma", [[3, 4]], x => x[0].Digamma(), x => x[0].digamma(), 0.1, 8),
        new("Max(dim: 1)", [[3, 5]], x => x[0].Max(1).Values, x => x[0].max(1).values),
        new("Min(dim: 0, keepDim)", [[3, 5]], x => x[0].Min(0, keepDim: true).Values, x => x[0].min(0, keepdim: true).values),
        new("Max()", [[3, 5]], x => x[0].Max(), x => x[0].max()),
        new("Prod()", [[2, 3]], x => x[0].Prod(), x => x[0].prod()),
        new("Var(dim: -1)", [[3, 5]], x => x[0].Var(-1), x => x[0].var(-1)),
        new("Std(dim: 0, unbiased: false)", [[4, 3]], x => x[0].Std(0, unbiased: false), x => x[0].std(0, unbiased: false)),
        new("Norm()", [[3, 4]], x => x[0].Norm(), x => x[0].norm()),
        new("LogSumExp(dim: 1)", [[3, 5]], x => x[0].LogSumExp(1), x => x[0].logsumexp(1)),
        new("Softmax(dim: -1)", [[3, 5]], x => F.Softmax(x[0], -1), x => torch.nn.functional.softmax(x[0], -1)),
        new("LogSoftmax(dim: 0)", [[3, 5]], x => F.LogSoftmax(x[0], 0), x => torch.nn.functional.log_softmax(x[0], 0)),
        new("Cat(dim: 1)", [[2, 3], [2, 2]], x => AgTensor.Cat([x[0], x[1]], 1), x => torch.cat([x[0], x[1]], 1)),
        new("Stack(dim: -1)", [[2, 3], [2, 3]], x => AgTensor.Stack([x[0], x[1]], -1), x => torch.stack([x[0], x[1]], -1)),
        new("Permute(2, 0, 1)", [[2, 3, 4]], x => x[0].Permute(2, 0, 1), x => x[0].permute(2, 0, 1)),
        new("Transpose(0, 2)", [[2, 3, 4]], x => x[0].Transpose(0, 2), x => x[0].transpose(0, 2)),
        new("Narrow(1, 1, 2)", [[3, 4]], x => x[0].Narrow(1, 1, 2), x => x[0].narrow(1, 1, 2)),
        new("Select(0, -1)", [[3, 4]], x => x[0].Select(0, -1), x => x[0].select(0, -1)),
        new("IndexSelect(1, [2, 0, 2])", [[3, 4]], x => x[0].IndexSelect(1, [2, 0, 2]), x => x[0].index_select(1, torch.tensor(new long[] { 2, 0, 2 }))),
        new("Gather(1, index)", [[3, 4]], x => x[0].Gather(1, AgTensor.FromArray([0, 3, 3, 1, 2, 0], [3, 2])),
            x => x[0].gather(1, torch.tensor(new long[] { 0, 3, 3, 1, 2, 0 }, [3, 2]))),
        new("x[1..^1, 2]", [[4, 3]], x => x[0][1..^1, 2], x => x[0][TensorIndex.Slice(1, -1), 2]),
    ];

    /// <summary>Prints one row per op; returns the largest relative difference seen.</summary>
    public static double Run()
    {
        var random = new Random(14);
        double worst = 0;
        Console.WriteLine();
        Console.WriteLine($"{"op",-34} {"value rel.",12} {"grad rel.",12}  (float64, weighted-sum ending)");
        foreach (var c in Cases())
        {
            var inputs = c.Shapes.Select(s => Uniform(s, c.Min, c.Max, random)).ToArray();
            var ours = inputs.Select((v, i) => AgTensor.FromArray(v, c.Shapes[i], requiresGrad: true)).ToArray();
            var theirs = inputs.Select((v, i) => torch.tensor(v, c.Shapes[i].Select(d => (long)d).ToArray(), ScalarType.Float64, requires_grad: true)).ToArray();
            var y = c.Ours(ours);
            var ty = c.Theirs(theirs);
            var weights = Uniform(y.Shape, 0.5, 1.5, random);
            (y * AgTensor.FromArray(weights, y.Shape)).Sum().Backward();
            (ty * torch.tensor(weights, y.Shape.Select(d => (long)d).ToArray(), ScalarType.Float64)).sum().backward();
            double value = Relative(y.ToArray(), ty.data<double>().ToArray());
            double grad = ours.Zip(theirs).Max(p => Relative(p.First.Grad!.ToArray(), p.Second.grad!.data<double>().ToArray()));
            worst = Math.Max(worst, Math.Max(value, grad));
            Console.WriteLine($"{c.Name,-34} {value,12:E2} {grad,12:E2}");
        }
        return worst;
    }

    private static double Relative(double[] a, double[] b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / Math.Max(Math.Abs(b[i]), 1e-300));
        return worst;
    }

    private static double[] Uniform(int[] shape, double min, double max, Random random) =>
        Enumerable.Range(0, shape.Aggregate(1, (a, d) => a * d)).Select(_ => min + (max - min) * random.NextDouble()).ToArray();
}
