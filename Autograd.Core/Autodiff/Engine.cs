using Autograd.Kernels;

namespace Autograd;

/// <summary>
/// Reverse-mode traversal. Collects the nodes reachable from the output with an explicit queue (never recursion),
/// counting each node's consumers, then runs each gradient rule once in Kahn's topological order (a node runs when all
/// its consumers have: no sort, linear time), sums every input's gradient back to that input's shape
/// (the one place broadcasting is undone), and only when every rule has succeeded hands out the results.
/// </summary>
internal static class Engine
{
    /// <summary>
    /// Backpropagates <paramref name="gradient"/> from <paramref name="output"/>. With <paramref name="targets"/> null the
    /// gradients are accumulated into leaves' <see cref="Tensor.Grad"/>; otherwise they are returned, one per target.
    /// </summary>
    public static Tensor?[]? Run(Tensor output, Tensor gradient, bool retainGraph, bool createGraph, Tensor[]? targets)
    {
        if (!output.RequiresGrad)
            throw new InvalidOperationException("This tensor does not require a gradient and has no recorded history: create its inputs with requiresGrad: true.");
        if (!Shapes.SameAs(gradient.ShapeSpan, output.ShapeSpan))
            throw new ArgumentException($"The gradient's shape {Shapes.Format(gradient.ShapeSpan)} must equal the output's shape {Shapes.Format(output.ShapeSpan)}.", nameof(gradient));

        var results = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        var wanted = targets is null ? null : new HashSet<Tensor>(targets, ReferenceEqualityComparer.Instance);
        if (output.Node is null)
        {
            Accumulate(results, output, gradient);
            return Finish(results, targets, [], retainGraph, createGraph);
        }

        var reached = Collect(output.Node, pass: new object());
        var targetNodes = TargetNodes(targets);
        output.Node.PendingGrad = gradient;
        bool anomaly = GradMode.IsAnomalyDetectionEnabled;
        var arena = BackwardArena.Open(collect: !createGraph && targets is null && !reached.Exists(n => n.OpaqueRule));
        bool succeeded = false;
        try
        {
            using (GradMode.Set(createGraph))
            {
                // Kahn's order: a node runs once every node that consumes its output has run.
                var ready = new Stack<Node>();
                ready.Push(output.Node);
                while (ready.TryPop(out var node))
                {
                    var g = node.PendingGrad;
                    node.PendingGrad = null;
                    var grads = g is null ? Array.Empty<Tensor?>() : node.Rule!(node, g);
                    var exposed = targetNodes is null ? node.RetainedOutput : targetNodes.GetValueOrDefault(node);
                    if (g is not null && exposed is not null) Accumulate(results, exposed, g);
                    for (int i = 0; i < node.Inputs.Length; i++)
                    {
                        var input = node.Inputs[i];
                        var raw = i < grads.Length ? grads[i] : null;
                        if (raw is not null && input.RequiresGrad)
                        {
                            var gi = FitTo(raw, input.Shape);
                            if (anomaly || node.CreationTrace is not null) Anomaly.Check(node, i, gi);
                            if (input.Node is { } pending) pending.PendingGrad = pending.PendingGrad is null ? gi : pending.PendingGrad + gi;
                            else if (wanted is null || wanted.Contains(input.Leaf!)) Accumulate(results, input.Leaf!, gi);
                        }
                        if (input.Node is { } inner && --inner.Consumers == 0) ready.Push(inner);
                    }
                }
            }
            var returned = Finish(results, targets, reached, retainGraph, createGraph);
            succeeded = true;
            return returned;
        }
        finally
        {
            Reset(reached);
            arena.Close(succeeded);
        }
    }

    /// <summary>
    /// The one place broadcasting is undone. Every node's incoming gradient has the shape of its output, and a rule returns,
    /// for each input, a gradient of a shape that input broadcasts to (its own, or the output's for an elementwise op with
    /// a broadcast operand); here it is summed back to the input's shape.
    /// </summary>
    private static Tensor FitTo(Tensor gi, int[] shape) => Shapes.SameAs(gi.ShapeSpan, shape) ? gi : gi.SumTo(shape);

    private static Tensor?[]? Finish(Dictionary<Tensor, Tensor> results, Tensor[]? targets, List<Node> order, bool retainGraph, bool createGraph)
    {
        if (!retainGraph && !createGraph)
            foreach (var node in order) node.Release();
        if (targets is not null)
            return Array.ConvertAll(targets, t => results.GetValueOrDefault(t));
        // A leaf may be shared with graphs that other threads are backpropagating right now: add into its Grad one at a time.
        // The sum is recorded exactly when a graph is being built, whatever the caller's own recording mode.
        using (GradMode.Set(createGraph))
        {
            Tensor.RealiseReadersOfGrads(results);   // each gradient sees the Grads as they were before this pass
            foreach (var (tensor, g) in results)
                lock (tensor) tensor.AccumulateGrad(g, createGraph);
        }
        return null;
    }

    /// <summary>Adds <paramref name="g"/> to what <paramref name="tensor"/> has received so far in this pass (recorded when building a graph).</summary>
    private static void Accumulate(Dictionary<Tensor, Tensor> results, Tensor tensor, Tensor g) =>
        results[tensor] = results.TryGetValue(tensor, out var sum) ? sum + g : g;

    /// <summary>The computed (non-leaf) targets by the node that produced them, so their gradients are reported too; null without targets.</summary>
    private static Dictionary<Node, Tensor>? TargetNodes(Tensor[]? targets)
    {
        if (targets is null) return null;
        var byNode = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var t in targets)
            if (t.Node is { } n) byNode.TryAdd(n, t);
        return byNode;
    }

    /// <summary>
    /// All nodes reachable from <paramref name="root"/> (breadth first, the list doubling as the queue), with
    /// <see cref="Node.Consumers"/> set to the number of reachable nodes that take each one's output as input.
    /// Each node is claimed for this pass, because its per-pass fields allow one pass at a time: a node already claimed by
    /// another pass (another thread, or a backward rule backpropagating through the same graph) is an error, not a race.
    /// Throws if any node was already released.
    /// </summary>
    private static List<Node> Collect(Node root, object pass)
    {
        var reached = new List<Node>();
        Claim(root, pass, reached);
        for (int i = 0; i < reached.Count; i++)
        {
            var node = reached[i];
            if (node.IsReleased)
            {
                Reset(reached);
                throw new InvalidOperationException($"Trying to backward through the graph a second time: the saved values of '{node.Name}' were freed by the first Backward. Pass retainGraph: true to the first call if you need to backward twice.");
            }
            foreach (var input in node.Inputs)
                if (input.Node is { } n)
                {
                    Claim(n, pass, reached);
                    n.Consumers++;
                }
        }
        return reached;
    }

    private static void Claim(Node node, object pass, List<Node> reached)
    {
        var owner = Interlocked.CompareExchange(ref node.Pass, pass, null);
        if (owner is null) reached.Add(node);
        else if (!ReferenceEquals(owner, pass))
        {
            Reset(reached);
            throw new InvalidOperationException($"The graph through '{node.Name}' is already being backpropagated by another Backward or Autodiff.Grad (on another thread, or from inside a backward rule). Backpropagate one graph at a time; to work in parallel, build a separate graph per thread (leaves such as parameters may be shared).");
        }
    }

    /// <summary>Clears the per-pass fields of <paramref name="nodes"/> and releases their claim.</summary>
    private static void Reset(List<Node> nodes)
    {
        foreach (var n in nodes)
        {
            n.PendingGrad = null;
            n.Consumers = 0;
            Volatile.Write(ref n.Pass, null);
        }
    }
}
