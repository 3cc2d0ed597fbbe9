namespace Autograd;

/// <summary>
/// Gradient rule of a recorded op: given the op (its inputs and output) and dL/d(output), returns dL/d(input) per input
/// (null: no gradient). Rules that need nothing else are static lambdas, so recording an op allocates no closure.
/// </summary>
internal delegate Tensor?[] BackwardRule(Node op, Tensor gradOutput);

/// <summary>
/// One recorded op on the tape: its inputs and its gradient rule (which holds exactly the tensors it saved).
/// Nodes hang off the tensors they produced; there is no global tape.
/// </summary>
internal sealed class Node
{
    public readonly string Name;
    public Tensor[] Inputs;
    public BackwardRule? Rule;
    /// <summary>The tensor this op produced (rules such as exp's reuse it); null once released.</summary>
    public Tensor? Output;
    /// <summary>The C# stack at recording time; only captured while anomaly detection is on.</summary>
    public readonly string? CreationTrace;
    /// <summary>Gradient accumulated for this node's output during one backward pass.</summary>
    public Tensor? PendingGrad;
    /// <summary>The rule is user code (a <see cref="Function"/>), which may keep the tensors it is given.</summary>
    public bool OpaqueRule;
    /// <summary>During one backward pass: how many reachable nodes consume this node's output and have not run yet.</summary>
    public int Consumers;
    /// <summary>The backward pass that currently owns this node's per-pass fields; null between passes.</summary>
    public object? Pass;
    /// <summary>The output tensor, when the user asked it to keep its gradient (<see cref="Tensor.RetainGrad"/>).</summary>
    public Tensor? RetainedOutput;

    public Node(string name, Tensor[] inputs, BackwardRule rule, bool captureTrace)
    {
        Name = name;
        Inputs = inputs;
        Rule = rule;
        if (captureTrace) CreationTrace = Environment.StackTrace;
    }

    /// <summary>The first input.</summary>
    public Tensor A => Inputs[0];

    /// <summary>The second input.</summary>
    public Tensor B => Inputs[1];

    /// <summary>The output, for rules (only called before release).</summary>
    public Tensor Out => Output!;

    public bool IsReleased => Rule is null;

    /// <summary>Drops the saved tensors and inputs so the graph's memory can be reclaimed.</summary>
    public void Release()
    {
        Rule = null;
        Inputs = [];
        Output = null;
    }
}
