using System.Globalization;

namespace Autograd.Testing;

/// <summary>
/// One case of a gradient property: the shape and the row-major values of every input, plus the domains they came
/// from. It prints readably, so a shrunk counterexample reads as <c>input0 [] = 2</c>.
/// Example: <c>new GradCase([[2]], [[0.5, 1]], [Domain.Real(-1, 1)]).ToTensors()</c>.
/// </summary>
/// <param name="Shapes">One shape per input.</param>
/// <param name="Values">One row-major array per input, of its shape's element count.</param>
/// <param name="Domains">One domain per input; it decides whether the input requires a gradient.</param>
public sealed record GradCase(int[][] Shapes, double[][] Values, Domain[] Domains)
{
    /// <summary>Fresh input tensors (new each call); those from a differentiable domain require a gradient. Example: <c>f(c.ToTensors())</c>.</summary>
    public Tensor[] ToTensors() =>
        [.. Shapes.Select((s, i) => Tensor.FromArray((double[])Values[i].Clone(), (int[])s.Clone(), Domains[i].IsDifferentiable))];

    /// <summary>Total number of input elements. Example: <c>c.ElementCount == 1</c> for a single scalar input.</summary>
    public int ElementCount => Values.Sum(v => v.Length);

    /// <summary>
    /// Every input on one line: <c>input0 [2, 1] = [0.5, -1]; input1 [] = 2</c>. Example: <c>Console.WriteLine(c)</c>.
    /// </summary>
    public override string ToString() => string.Join("; ", Shapes.Select((s, i) => Format(i, s, Values[i])));

    private static string Format(int input, int[] shape, double[] values)
    {
        string shown = string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return $"input{input} {Autograd.Shapes.Format(shape)} = {(shape.Length == 0 ? shown : $"[{shown}]")}";
    }
}
