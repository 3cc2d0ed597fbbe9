namespace Autograd;

/// <summary>
/// Gradient rule of a recorded op: given the op (what it saved, its inputs' shapes) and dL/d(output), returns dL/d(input)
/// per input (null: no gradient). Rules that need nothing else are static lambdas, so recording an op allocates no closure.
/// </summary>
internal delegate Tensor?[] BackwardRule(Node op, Tensor gradOutput);

/// <summary>What a recorded op keeps for its rule, besides its inputs' shapes (which every node has).</summary>
[Flags]
internal enum Saves
{
    /// <summary>Shapes only: add, sub, neg, sum, reshape, broadcast, transpose.</summary>
    Nothing = 0,
    /// <summary>The first input, <see cref="Node.A"/>.</summary>
    A = 1,
    /// <summary>The second input, <see cref="Node.B"/>.</summary>
    B = 2,
    /// <summary>Both inputs.</summary>
    Inputs = A | B,
    /// <summary>The output, <see cref="Node.Out"/>.</summary>
    Out = 4,
}

/// <summary>
/// One recorded op on the tape: an edge per input, the tensors its rule saved, and the rule.
/// Nodes hang off the tensors they produced; there is no global tape.
/// </summary>
internal sealed class Node
{
    /// <summary>
    /// Where one input of a node came from: the node that computed it, or the leaf itself (whose RequiresGrad may still change
    /// before backward), with its shape. A computed input is not referenced, so it can be collected unless the op saved it.
    /// </summary>
    public readonly record struct Edge(Node? Node, Tensor? Leaf)
    {
        /// <summary>Whether a gradient flows along this edge now: always for a computed input, as the leaf says for a leaf.</summary>
        public bool RequiresGrad => Node is not null || Leaf!.RequiresGrad;

        /// <summary>The input's shape.</summary>
        public int[] Shape => Node?.Shape ?? Leaf!.ShapeArray;
    }

    public readonly string Name;
    /// <summary>The shape of the tensor this op produced.</summary>
    public int[] Shape = [];
    /// <summary>One edge per input, in order; empty once released.</summary>
    public Edge[] Inputs;
    public BackwardRule? Rule;
    private Tensor? _a, _b, _out;
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

    public Node(string name, Edge[] inputs, BackwardRule rule, bool captureTrace)
    {
        Name = name;
        Inputs = inputs;
        Rule = rule;
        if (captureTrace) CreationTrace = Environment.StackTrace;
    }

    /// <summary>Keeps what <paramref name="saves"/> names of the op's first input, second input and output.</summary>
    public void Save(Saves saves, Tensor a, Tensor? b, Tensor output)
    {
        if (saves.HasFlag(Saves.A)) _a = a;
        if (saves.HasFlag(Saves.B)) _b = b;
        if (saves.HasFlag(Saves.Out)) _out = output;
    }

    /// <summary>The saved first input.</summary>
    public Tensor A => _a ?? throw NotSaved("first input");

    /// <summary>The saved second input.</summary>
    public Tensor B => _b ?? throw NotSaved("second input");

    /// <summary>The saved output.</summary>
    public Tensor Out => _out ?? throw NotSaved("output");

    /// <summary>Whether input <paramref name="i"/> wants a gradient, so a rule can skip computing the others.</summary>
    public bool NeedsGrad(int i) => Inputs[i].RequiresGrad;

    private InvalidOperationException NotSaved(string what) =>
        new($"The rule of '{Name}' reads its {what}, which the op did not save when it was recorded.");

    public bool IsReleased => Rule is null;

    /// <summary>Drops the saved tensors and the edges so the graph's memory can be reclaimed.</summary>
    public void Release()
    {
        Rule = null;
        Inputs = [];
        _a = _b = _out = null;
    }
}
