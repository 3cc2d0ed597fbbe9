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

        var results = new Dictionary<Tensor, Result>(ReferenceEqualityComparer.Instance);
        var wanted = targets is null ? null : new HashSet<Tensor>(targets, ReferenceEqualityComparer.Instance);
        if (output.Node is null)
        {
            Accumulate(results, output, gradient, createGraph);
            return Finish(results, targets, [], retainGraph, createGraph);
        }

        var reached = Collect(output.Node, pass: new object());
        var targetNodes = TargetNodes(targets);
        output.Node.PendingGrad = gradient;
        bool anomaly = GradMode.IsAnomalyDetectionEnabled;
        try
        {
            using (GradMode.Set(createGraph))
            {
                // Kahn's order: a node runs once every node that consumes its output has run.
                var ready = new Stack<Node>();
                ready.Push(output.Node);
                while (ready.TryPop(out var node))
                {
                    var (g, gOwned) = (node.PendingGrad, node.PendingOwned);
                    node.PendingGrad = null;
                    node.PendingOwned = false;
                    var grads = g is null ? Array.Empty<Tensor?>() : RunRule(node, g, createGraph);
                    var exposed = targetNodes is null ? node.RetainedOutput : targetNodes.GetValueOrDefault(node);
                    if (g is not null && exposed is not null) Accumulate(results, exposed, g, createGraph);
                    for (int i = 0; i < node.Inputs.Length; i++)
                    {
                        var input = node.Inputs[i];
                        var raw = i < grads.Length ? grads[i] : null;
                        if (raw is not null && input.RequiresGrad)
                        {
                            var gi = FitTo(raw, input);
                            bool owned = !createGraph && (!ReferenceEquals(gi.Data, raw.Data) || IsFresh(raw, g!, grads, i, node));
                            if (anomaly || node.CreationTrace is not null) Anomaly.Check(node, i, gi);
                            if (input.Node is { } pending) AddPending(pending, gi, owned, createGraph);
                            else if (wanted is null) Accumulate(results, input, gi, createGraph, owned, intoGrad: true);
                            else if (wanted.Contains(input)) Accumulate(results, input, gi, createGraph, owned);
                        }
                        if (input.Node is { } inner && --inner.Consumers == 0) ready.Push(inner);
                    }
                    // The incoming gradient is dead once the rule has run, unless a result or the caller still holds its buffer.
                    if (gOwned && exposed is null && !node.OpaqueRule && !BufferPool.Holds(grads, g!.Data))
                        BufferPool.Return(g.Data);
                }
            }
        }
        finally
        {
            Reset(reached);
        }
        return Finish(results, targets, reached, retainGraph, createGraph);
    }

    /// <summary>
    /// Runs a node's rule. A built-in rule is a pure function of its node and g, so when no graph is being built, the
    /// buffers it took for intermediate results and did not return are dead, and go back to the pool.
    /// </summary>
    private static Tensor?[] RunRule(Node node, Tensor g, bool createGraph)
    {
        if (createGraph || node.OpaqueRule || !MayRentPooledBuffers(node)) return node.Rule!(node, g);
        int mark = BufferPool.Mark();
        Tensor?[] grads;
        try
        {
            grads = node.Rule!(node, g);
        }
        catch
        {
            BufferPool.Forget(mark);
            throw;
        }
        BufferPool.ReturnRentedSince(mark, grads);
        return grads;
    }

    /// <summary>A rule's intermediates have the shapes of its node's output and inputs: small ones never come from the pool.</summary>
    private static bool MayRentPooledBuffers(Node node)
    {
        if (node.Out.Count >= BufferPool.MinLength) return true;
        foreach (var input in node.Inputs)
            if (input.Count >= BufferPool.MinLength) return true;
        return false;
    }

    /// <summary>
    /// The one place broadcasting is undone. Every node's incoming gradient has the shape of its output, and a rule returns,
    /// for each input, a gradient of a shape that input broadcasts to (its own, or the output's for an elementwise op with
    /// a broadcast operand); here it is summed back to the input's shape.
    /// </summary>
    private static Tensor FitTo(Tensor gi, Tensor input) =>
        Shapes.SameAs(gi.ShapeSpan, input.ShapeSpan) ? gi : gi.SumTo(input.ShapeSpan.ToArray());

    private static Tensor?[]? Finish(Dictionary<Tensor, Result> results, Tensor[]? targets, List<Node> order, bool retainGraph, bool createGraph)
    {
        if (!retainGraph && !createGraph)
            foreach (var node in order) node.Release();
        if (targets is not null)
            return Array.ConvertAll(targets, t => results.TryGetValue(t, out var r) ? r.Grad : null);
        // A leaf may be shared with graphs that other threads are backpropagating right now: add into its Grad one at a time.
        // The sum is recorded exactly when a graph is being built, whatever the caller's own recording mode.
        using (GradMode.Set(createGraph))
            foreach (var (tensor, r) in results)
            {
                bool kept;
                lock (tensor) kept = tensor.AccumulateGrad(r.Grad, r.Addend, createGraph, r.Owned);
                if (r.Owned && !kept) BufferPool.Return(r.Grad.Data);
                if (r.Addend is not null) BufferPool.Return(r.Addend.Data);
            }
        return null;
    }

    /// <summary>
    /// Whether gradient <paramref name="raw"/>, returned by <paramref name="node"/>'s rule for input <paramref name="index"/>, is a
    /// buffer nobody else holds: a built-in rule's result that is neither the incoming gradient (nor a view of it), nor
    /// a value the node saved (its inputs or output), nor handed to another input as well. Owned buffers are added into
    /// and later reused, so anything less certain counts as held.
    /// </summary>
    private static bool IsFresh(Tensor raw, Tensor incoming, Tensor?[] grads, int index, Node node)
    {
        if (node.OpaqueRule || ReferenceEquals(raw.Data, incoming.Data) || ReferenceEquals(raw.Data, node.Out.Data)) return false;
        foreach (var input in node.Inputs)
            if (ReferenceEquals(raw.Data, input.Data)) return false;
        for (int j = 0; j < grads.Length; j++)
            if (j != index && grads[j] is { } other && ReferenceEquals(other.Data, raw.Data)) return false;
        return true;
    }

    /// <summary>Adds <paramref name="gi"/> to the gradient waiting at <paramref name="pending"/>.</summary>
    private static void AddPending(Node pending, Tensor gi, bool owned, bool createGraph) =>
        (pending.PendingGrad, pending.PendingOwned) = Add(pending.PendingGrad, pending.PendingOwned, gi, owned, createGraph);

    /// <summary>
    /// sum + g for two gradients of one tensor (<paramref name="sum"/> null: g alone). Without a graph being built, the
    /// addition goes in place into whichever buffer this pass owns (nobody else holds it) and the result is owned;
    /// otherwise it is a new, recorded sum.
    /// </summary>
    private static (Tensor Sum, bool Owned) Add(Tensor? sum, bool sumOwned, Tensor g, bool gOwned, bool createGraph)
    {
        if (sum is null) return (g, gOwned);
        if (createGraph) return (sum + g, false);
        Tensor total;
        if (sumOwned && Shapes.BroadcastsTo(g.ShapeSpan, sum.ShapeSpan)) (total = sum).AddInPlace(g);
        else if (gOwned && Shapes.BroadcastsTo(sum.ShapeSpan, g.ShapeSpan)) (total = g).AddInPlace(sum);
        else total = sum + g;
        // An owned addend that did not become the total is dead: nothing outside this pass ever saw it.
        if (sumOwned && !ReferenceEquals(total, sum)) BufferPool.Return(sum.Data);
        if (gOwned && !ReferenceEquals(total, g)) BufferPool.Return(g.Data);
        return (total, true);
    }

    /// <summary>A gradient on its way to a leaf or target; <c>Owned</c> when this pass allocated it (a sum), so nobody else holds it.</summary>
    /// <summary>
    /// A tensor's gradient so far. <paramref name="Addend"/>: a second owned gradient of the same shape not yet added, so
    /// that a leaf with a kept Grad takes Grad + (Grad + Addend) in one pass (Finish) instead of two.
    /// </summary>
    private readonly record struct Result(Tensor Grad, bool Owned, Tensor? Addend = null);

    /// <summary>
    /// Adds <paramref name="g"/> (of the tensor's shape; <paramref name="owned"/>: nobody else holds it) to what
    /// <paramref name="tensor"/> has received so far: in place into whichever is our own buffer.
    /// </summary>
    private static void Accumulate(Dictionary<Tensor, Result> results, Tensor tensor, Tensor g, bool createGraph, bool owned = false, bool intoGrad = false)
    {
        if (!results.TryGetValue(tensor, out var r)) { results[tensor] = new Result(g, owned); return; }
        if (intoGrad && r.Addend is null && r.Owned && owned && !createGraph && Shapes.SameAs(g.ShapeSpan, r.Grad.ShapeSpan))
        {
            results[tensor] = r with { Addend = g };   // summed in Finish, in the same order, together with the add into Grad
            return;
        }
        if (r.Addend is not null)
        {
            r.Grad.AddInPlace(r.Addend);
            BufferPool.Return(r.Addend.Data);
        }
        var (total, totalOwned) = Add(r.Grad, r.Owned, g, owned, createGraph);
        results[tensor] = new Result(total, totalOwned);
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
            n.PendingOwned = false;
            n.Consumers = 0;
            Volatile.Write(ref n.Pass, null);
        }
    }
}
