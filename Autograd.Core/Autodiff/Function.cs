namespace Autograd;

/// <summary>What a custom <see cref="Function"/> keeps between its forward and backward pass.</summary>
public sealed class FunctionContext
{
    private Tensor[] _saved = [];

    internal FunctionContext(bool[] needsInputGrad) => NeedsInputGrad = needsInputGrad;

    /// <summary>For each input, whether a gradient is wanted: skip computing the others.</summary>
    public IReadOnlyList<bool> NeedsInputGrad { get; }

    /// <summary>Keeps tensors for <see cref="Function.Backward"/>. Save inputs or outputs, not copies, so higher-order gradients work.</summary>
    public void SaveForBackward(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        _saved = (Tensor[])tensors.Clone();
    }

    /// <summary>The tensors given to <see cref="SaveForBackward"/>, in order.</summary>
    public IReadOnlyList<Tensor> SavedTensors => _saved;

    /// <summary>Non-tensor values (sizes, flags) the backward pass needs.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();
}

/// <summary>
/// A user-defined differentiable op, in the spirit of <c>torch.autograd.Function</c>. <see cref="Forward"/> computes the output
/// (nothing inside it is recorded); <see cref="Backward"/> maps dL/d(output) to one dL/d(input) per input (null for none).
/// <see cref="Apply"/> records the op on the tape like any primitive; the engine sums broadcast gradients back to input shapes.
/// Write Backward with tensor ops and higher-order gradients work too. Prove it with <see cref="GradCheck"/>.
/// </summary>
public abstract class Function
{
    /// <summary>The op's name in graphs, error messages and anomaly reports; the type name by default.</summary>
    public virtual string Name => GetType().Name;

    /// <summary>Computes the output from the inputs; save what backward needs on <paramref name="ctx"/>.</summary>
    public abstract Tensor Forward(FunctionContext ctx, params Tensor[] inputs);

    /// <summary>Returns dL/d(inputᵢ) for each input given dL/d(output) = <paramref name="gradOutput"/>; null where not needed.</summary>
    public abstract Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput);

    /// <summary>Runs <see cref="Forward"/> and records the op so that backward reaches the inputs through <see cref="Backward"/>.</summary>
    public Tensor Apply(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"Input {i} of {Name} is null.");
        var ctx = new FunctionContext(Array.ConvertAll(inputs, t => t.RequiresGrad && GradMode.IsEnabled));
        Tensor result;
        using (Tensor.NoGrad()) result = Forward(ctx, inputs);
        if (result is null) throw new InvalidOperationException($"{Name}.Forward returned null.");
        var output = result.Detach();
        // The node keeps only the inputs' shapes, for the check; what Backward needs, ctx holds.
        Tensor.Recorded(output, Name, inputs, Saves.Nothing, (op, g) => CheckedBackward(ctx, g, op.Inputs));
        if (output.Node is { } node) node.OpaqueRule = true;
        return output;
    }

    private Tensor?[] CheckedBackward(FunctionContext ctx, Tensor gradOutput, Node.Edge[] inputs)
    {
        var grads = Backward(ctx, gradOutput)
            ?? throw new InvalidOperationException($"{Name}.Backward returned null; return an array with one entry (or null) per input.");
        if (grads.Length != inputs.Length)
            throw new InvalidOperationException($"{Name}.Backward returned {grads.Length} gradients for {inputs.Length} inputs.");
        for (int i = 0; i < grads.Length; i++)
            if (grads[i] is { } g && !Shapes.BroadcastsTo(inputs[i].Shape, g.ShapeSpan))
                throw new InvalidOperationException($"{Name}.Backward returned a gradient of shape {Shapes.Format(g.ShapeSpan)} for input {i} of shape {Shapes.Format(inputs[i].Shape)}.");
        return grads;
    }

    /// <summary>
    /// A one-input elementwise op from a scalar function f and its derivative f′: forward y = f(x), backward g·f′(x).
    /// The derivative is evaluated numerically per element, so gradients of this op are first order only.
    /// </summary>
    public static Function Elementwise(string name, Func<double, double> f, Func<double, double> derivative) =>
        new ElementwiseFunction(name, f, derivative);

    private sealed class ElementwiseFunction(string name, Func<double, double> f, Func<double, double> derivative) : Function
    {
        private readonly Func<double, double> _f = f ?? throw new ArgumentNullException(nameof(f));
        private readonly Func<double, double> _df = derivative ?? throw new ArgumentNullException(nameof(derivative));

        public override string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
        {
            if (inputs.Length != 1) throw new ArgumentException($"{Name} takes one input, got {inputs.Length}.", nameof(inputs));
            ctx.SaveForBackward(inputs[0]);
            return Map(inputs[0], _f);
        }

        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput * Map(ctx.SavedTensors[0], _df)];

        private static Tensor Map(Tensor x, Func<double, double> fn)
        {
            var d = new double[x.Count];
            var src = x.Span;
            for (int i = 0; i < d.Length; i++) d[i] = fn(src[i]);
            return new Tensor(d, x.Shape);
        }
    }
}
