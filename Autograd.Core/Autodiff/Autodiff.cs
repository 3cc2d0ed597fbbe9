namespace Autograd;

/// <summary>Functional reverse mode, like <c>torch.autograd.grad</c>: gradients returned instead of stored in <see cref="Tensor.Grad"/>.</summary>
public static partial class Autodiff
{
    /// <summary>
    /// Returns dL/d(input) for each of <paramref name="inputs"/>, where dL/d(output) = <paramref name="gradOutput"/>
    /// (default: 1 for a one-element output). An input the output does not depend on gets null. No <see cref="Tensor.Grad"/> is touched.
    /// With <paramref name="createGraph"/> the returned gradients are themselves differentiable.
    /// </summary>
    public static Tensor?[] Grad(Tensor output, Tensor[] inputs, Tensor? gradOutput = null, bool retainGraph = false, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var t in inputs) ArgumentNullException.ThrowIfNull(t, nameof(inputs));
        if (gradOutput is null)
        {
            if (output.Count != 1)
                throw new InvalidOperationException($"Grad() without gradOutput needs a one-element output, got shape {Shapes.Format(output.ShapeSpan)}.");
            gradOutput = Tensor.Full(output.Shape, 1.0);
        }
        return Engine.Run(output, gradOutput, retainGraph, createGraph, inputs)!;
    }
}
