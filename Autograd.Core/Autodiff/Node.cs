namespace Autograd;

/// <summary>Gradient rule of a recorded op: given dL/d(output), returns dL/d(input) per input (null: no gradient).</summary>
internal delegate Tensor?[] BackwardRule(Tensor gradOutput);

/// <summary>
/// One recorded op on the tape: its inputs, its gradient rule (which holds exactly the tensors it saved),
/// and its depth, 1 + the deepest input node, so that descending depth is a reverse topological order.
/// Nodes hang off the tensors they produced; there is no global tape.
/// </summary>
internal sealed class Node
{
    public readonly string Name;
    public Tensor[] Inputs;
    public BackwardRule? Rule;
    public readonly long Depth;
    /// <summary>The C# stack at recording time; only captured while anomaly detection is on.</summary>
    public readonly string? CreationTrace;
    /// <summary>Gradient accumulated for this node's output during one backward pass.</summary>
    public Tensor? PendingGrad;
    /// <summary>The output tensor, when the user asked it to keep its gradient (<see cref="Tensor.RetainGrad"/>).</summary>
    public Tensor? RetainedOutput;

    public Node(string name, Tensor[] inputs, BackwardRule rule)
    {
        Name = name;
        Inputs = inputs;
        Rule = rule;
        long depth = 0;
        foreach (var t in inputs)
            if (t.Node is { } n && n.Depth > depth) depth = n.Depth;
        Depth = depth + 1;
        if (GradMode.IsAnomalyDetectionEnabled) CreationTrace = Environment.StackTrace;
    }

    public bool IsReleased => Rule is null;

    /// <summary>Drops the saved tensors and inputs so the graph's memory can be reclaimed.</summary>
    public void Release()
    {
        Rule = null;
        Inputs = [];
    }
}
