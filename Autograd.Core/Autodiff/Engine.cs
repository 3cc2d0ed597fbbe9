namespace Autograd;

/// <summary>
/// Reverse-mode traversal. Collects the nodes reachable from the output with an explicit stack (never recursion),
/// runs each gradient rule once in descending depth order, sums every input's gradient back to that input's shape
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
            Accumulate(results, output, gradient, createGraph);
            return Finish(results, targets, [], retainGraph, createGraph);
        }

        var order = Collect(output.Node);
        var targetNodes = TargetNodes(targets);
        output.Node.PendingGrad = gradient;
        try
        {
            using (GradMode.Set(createGraph))
            {
                foreach (var node in order)
                {
                    var g = node.PendingGrad;
                    node.PendingGrad = null;
                    if (g is null) continue;
                    var exposed = targetNodes is null ? node.RetainedOutput : targetNodes.GetValueOrDefault(node);
                    if (exposed is not null) Accumulate(results, exposed, g, createGraph);
                    var grads = node.Rule!(g);
                    for (int i = 0; i < node.Inputs.Length; i++)
                    {
                        var input = node.Inputs[i];
                        var gi = i < grads.Length ? grads[i] : null;
                        if (gi is null || !input.RequiresGrad) continue;
                        if (!Shapes.SameAs(gi.ShapeSpan, input.ShapeSpan)) gi = gi.SumTo(input.ShapeSpan.ToArray());
                        if (GradMode.IsAnomalyDetectionEnabled || node.CreationTrace is not null) Anomaly.Check(node, i, gi);
                        if (input.Node is { } inner) inner.PendingGrad = inner.PendingGrad is null ? gi : inner.PendingGrad + gi;
                        else if (wanted is null || wanted.Contains(input)) Accumulate(results, input, gi, createGraph);
                    }
                }
            }
        }
        finally
        {
            foreach (var node in order) node.PendingGrad = null;
        }
        return Finish(results, targets, order, retainGraph, createGraph);
    }

    private static Tensor?[]? Finish(Dictionary<Tensor, Tensor> results, Tensor[]? targets, List<Node> order, bool retainGraph, bool createGraph)
    {
        if (!retainGraph && !createGraph)
            foreach (var node in order) node.Release();
        if (targets is not null)
            return Array.ConvertAll(targets, t => results.GetValueOrDefault(t));
        // A leaf may be shared with graphs that other threads are backpropagating right now: add into its Grad one at a time.
        foreach (var (tensor, g) in results)
            lock (tensor) tensor.AccumulateGrad(g, createGraph);
        return null;
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> results, Tensor tensor, Tensor g, bool createGraph)
    {
        results[tensor] = results.TryGetValue(tensor, out var sum) ? (createGraph ? sum + g : sum.AddDetached(g)) : g;
    }

    /// <summary>The computed (non-leaf) targets by the node that produced them, so their gradients are reported too; null without targets.</summary>
    private static Dictionary<Node, Tensor>? TargetNodes(Tensor[]? targets)
    {
        if (targets is null) return null;
        var byNode = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var t in targets)
            if (t.Node is { } n) byNode.TryAdd(n, t);
        return byNode;
    }

    /// <summary>All nodes reachable from <paramref name="root"/>, deepest first; throws if any was already released.</summary>
    private static List<Node> Collect(Node root)
    {
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<Node>();
        var order = new List<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.IsReleased)
                throw new InvalidOperationException($"Trying to backward through the graph a second time: the saved values of '{node.Name}' were freed by the first Backward. Pass retainGraph: true to the first call if you need to backward twice.");
            order.Add(node);
            foreach (var input in node.Inputs)
                if (input.Node is { } n && seen.Add(n)) stack.Push(n);
        }
        order.Sort(static (a, b) => b.Depth.CompareTo(a.Depth));
        return order;
    }
}
