using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Autograd.Fusion;

namespace Autograd;

/// <summary>
/// A dense, row-major, n-dimensional array of doubles that records the differentiable ops it takes part in,
/// so that <see cref="Backward()"/> can compute gradients by reverse-mode differentiation.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The elements; while <see cref="_expression"/> is pending, null or the buffer they will be written into.</summary>
    private double[]? _data;
    /// <summary>Until realised: the lazy expression whose elements this tensor holds (see <see cref="Fusion.Program"/>).</summary>
    private Expression? _expression;
    private readonly int[] _shape;
    /// <summary>For a view (<see cref="Detach"/>, <see cref="Reshape"/>): the tensor whose buffer it shares.</summary>
    private readonly Tensor? _base;
    /// <summary>Bumped by every in-place write to the buffer (kept on the tensor that owns it), so stale lazy reads are caught.</summary>
    private int _version;
    private bool _requiresGrad;

    /// <summary>The recorded op that produced this tensor; null for leaves and for tensors made without recording.</summary>
    internal Node? Node;

    internal Tensor(double[] data, int[] shape, bool requiresGrad = false)
    {
        _data = data;
        _shape = shape;
        _requiresGrad = requiresGrad;
    }

    /// <summary>A view: shares the buffer of <paramref name="viewOf"/>, and with it its in-place write count.</summary>
    private Tensor(double[] data, int[] shape, Tensor viewOf) : this(data, shape) => _base = viewOf._base ?? viewOf;

    /// <summary>A lazy tensor: its elements are <paramref name="expression"/>'s, computed when first read.</summary>
    internal Tensor(Expression expression, int[] shape)
    {
        _expression = expression;
        _shape = shape;
    }

    /// <summary>
    /// The elements, row-major, realising a lazy tensor first. Several tensors may share one buffer (reshape, detach): a
    /// view reads its owner's lazy zeros (<see cref="ZeroGrad"/>) as zeros, so they are written into the buffer first.
    /// </summary>
    internal double[] Data
    {
        get
        {
            if (_expression is not null) return Realise();
            if (_base is { _expression: not null } owner) _ = owner.Realise();
            return _data!;
        }
    }

    /// <summary>The lazy expression of a tensor not yet realised; null once it has been.</summary>
    internal Expression? Pending => _expression;

    /// <summary>How many in-place writes the buffer has seen (<see cref="WritableData"/>).</summary>
    internal int Version => (_base ?? this)._version;

    /// <summary>
    /// The buffer, for an in-place write (optimizers, loading weights, accumulating gradients): counts the write, so a
    /// lazy result that read the old elements and has not been realised yet throws instead of reading the new ones.
    /// </summary>
    internal double[] WritableData()
    {
        CountWrite();
        return Data;
    }

    private void CountWrite() => Interlocked.Increment(ref (_base ?? this)._version);

    /// <summary>
    /// Computes a lazy tensor's elements once, in one pass over its expression's operands. Two threads may both compute
    /// them into buffers of their own; the results are the same bits, and the first one stored is kept. Lazy zeros go
    /// into the tensor's own buffer under its lock, which <see cref="AddInPlace"/> also takes, so a reader never writes
    /// zeros over a gradient another thread is adding.
    /// </summary>
    private double[] Realise()
    {
        var expression = Volatile.Read(ref _expression);
        if (expression is null) return _data!;
        if (_data is { } own)
            lock (this)
            {
                if (_expression is { } pending) Evaluate(pending, own);
                Volatile.Write(ref _expression, null);
                return own;
            }
        var data = Evaluate(expression, Kernels.BackwardArena.RentFor(expression.MadeIn, Count));
        data = Interlocked.CompareExchange(ref _data, data, null) ?? data;
        Volatile.Write(ref _expression, null);   // lets the operands go
        return data;
    }

    /// <summary>The elements in a buffer that nothing else holds (<see cref="Kernels.BackwardArena.Take"/>): a lazy tensor's computed into it, a realised one's copied.</summary>
    internal double[] OwnCopy()
    {
        if (Pending is { } expression) return Evaluate(expression, null);
        var copy = Kernels.BackwardArena.Take(Count);
        Data.AsSpan().CopyTo(copy);
        return copy;
    }

    /// <summary>
    /// A graph-free tensor of these elements in a buffer that nothing else holds: what a caller may keep and add into
    /// (the engine may hand back a caller's own tensor, a leaf, or a buffer a backward pass gives back).
    /// </summary>
    internal Tensor PlainCopy() => new(OwnCopy(), _shape);

    /// <summary>Writes <paramref name="expression"/>'s elements (of this tensor's shape) into <paramref name="destination"/>, or into a buffer of its own.</summary>
    private double[] Evaluate(Expression expression, double[]? destination)
    {
        var data = destination ?? Kernels.BackwardArena.Take(Count);
        Program.Compile(expression, _shape).Run(data);
        return data;
    }

    /// <summary>The dimensions, outermost first (a copy).</summary>
    public int[] Shape => (int[])_shape.Clone();

    internal ReadOnlySpan<int> ShapeSpan => _shape;

    /// <summary>The shape array itself, not a copy: never to be changed.</summary>
    internal int[] ShapeArray => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements: the product of <see cref="Shape"/>.</summary>
    public int Count => _data is { } data ? data.Length : Shapes.Count(_shape);

    /// <summary>The elements in row-major order, without copying. Read-only: tensors are values.</summary>
    public ReadOnlySpan<double> Span => Data;

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on leaves only (tensors not produced by a recorded op),
    /// like PyTorch's <c>requires_grad_</c>.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (Node is not null && !value)
                throw new InvalidOperationException("RequiresGrad can only be changed on a leaf tensor; use Detach() to stop gradients of a computed tensor.");
            _requiresGrad = value;
        }
    }

    /// <summary>True for tensors not produced by a recorded op (user-created data and parameters).</summary>
    public bool IsLeaf => Node is null;

    /// <summary>dL/d(this) accumulated by <see cref="Backward()"/>; kept on leaves, and on other tensors after <see cref="RetainGrad"/>.</summary>
    public Tensor? Grad { get; internal set; }

    /// <summary>Name of the op that produced this tensor ("Exp", "MatMul", ...), or null for a leaf.</summary>
    public string? GradFn => Node?.Name;

    /// <summary>The element-wise copy of the data, row-major.</summary>
    public double[] ToArray() => (double[])Data.Clone();

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        if (Count != 1)
            throw new InvalidOperationException($"Item() needs a tensor with exactly one element, but this one has shape {Shapes.Format(_shape)} ({Count} elements).");
        return Data[0];
    }

    /// <summary>A tensor sharing this one's data with no history and no gradient: gradients stop here.</summary>
    public Tensor Detach() => new(Data, _shape, viewOf: this);

    /// <summary>
    /// Clears <see cref="Grad"/>: sets it to null (<paramref name="setToNone"/>, the default, like PyTorch's
    /// <c>zero_grad()</c>), or makes its elements zeros in its own buffer (PyTorch's <c>set_to_none=False</c>), so that the
    /// next backward writes into it instead of allocating a new one. A large Grad (<see cref="LazyFrom"/> elements or more)
    /// gets its zeros lazily, when it is next read or added into (then 0 + g in one pass, the same bits as clearing and
    /// adding); a view of its buffer taken earlier sees them from then on.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        if (setToNone || Grad is null) Grad = null;
        else if (Grad.Node is not null) Grad = ZerosLike(Grad);   // a recorded gradient (createGraph) is a value in a graph: replace it
        else if (Grad.Count >= LazyFrom) Grad.ZeroLazily();
        else Array.Clear(Grad.WritableData());
    }

    /// <summary>Asks a computed (non-leaf) tensor to keep its gradient in <see cref="Grad"/> during backward.</summary>
    public void RetainGrad()
    {
        if (Node is not null) Node.RetainedOutput = this;
        else if (!_requiresGrad) throw new InvalidOperationException("RetainGrad() on a tensor that does not require a gradient.");
    }

    /// <summary>Backpropagates from a one-element tensor: fills <see cref="Grad"/> of every leaf with d(this)/d(leaf).</summary>
    public void Backward() => Backward(retainGraph: false, createGraph: false);

    /// <summary>
    /// Backpropagates from a one-element tensor. <paramref name="retainGraph"/> keeps the saved values for another pass;
    /// <paramref name="createGraph"/> records the backward pass itself so gradients can be differentiated again.
    /// </summary>
    public void Backward(bool retainGraph, bool createGraph = false)
    {
        if (Count != 1)
            throw new InvalidOperationException($"Backward() without a gradient works only on a one-element tensor, but this one has shape {Shapes.Format(_shape)}. Pass a gradient of the same shape: Backward(gradient).");
        Engine.Run(this, new Tensor([1.0], (int[])_shape.Clone()), retainGraph, createGraph, null);
    }

    /// <summary>Backpropagates the vector <paramref name="gradient"/> = dL/d(this): accumulates dL/d(leaf) into every leaf's <see cref="Grad"/>.</summary>
    public void Backward(Tensor gradient) => Backward(gradient, retainGraph: false, createGraph: false);

    /// <summary>Backpropagates <paramref name="gradient"/> = dL/d(this), optionally keeping or differentiating the graph.</summary>
    public void Backward(Tensor gradient, bool retainGraph, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        Engine.Run(this, gradient, retainGraph, createGraph, null);
    }

    /// <summary>
    /// Makes each gradient in <paramref name="results"/> that reads the buffer of a Grad one of its tensors holds (a Grad
    /// used as a constant in the loss, or passed as the seed gradient) independent of it before any of those Grads is
    /// added into in place: a lazy one is computed, one that is that buffer is copied.
    /// </summary>
    internal static void RealiseReadersOfGrads(Dictionary<Tensor, Tensor> results)
    {
        HashSet<double[]>? grads = null;
        foreach (var tensor in results.Keys)
            if (tensor.Grad?._data is { } buffer) (grads ??= new(ReferenceEqualityComparer.Instance)).Add(buffer);
        if (grads is null) return;
        List<Tensor>? sharing = null;   // rare: copied after the loop, which may not change the dictionary
        foreach (var (tensor, g) in results)
        {
            if (g.Pending is { } expression) { if (expression.Loads(t => t._data is { } d && grads.Contains(d))) _ = g.Data; }
            else if (g._data is { } d && grads.Contains(d)) (sharing ??= []).Add(tensor);
        }
        foreach (var tensor in sharing ?? []) results[tensor] = results[tensor].PlainCopy();
    }

    /// <summary>
    /// Adds a backward result into <see cref="Grad"/>: as a recorded op when a graph is being built (computed now, so it
    /// never reads a buffer that a later pass writes in place), else in place. A new Grad gets a buffer of its own, so
    /// adding into it later never reaches another tensor.
    /// </summary>
    internal void AccumulateGrad(Tensor g, bool createGraph)
    {
        if (Grad is null) Grad = createGraph && g.Node is not null ? Computed(g) : g.PlainCopy();
        else if (createGraph) Grad = Computed(Grad + g);
        // A Grad recorded by an earlier createGraph pass is a value in that graph: replace it, with a sum in a buffer of
        // its own (the plain pass adding to it gives its own buffers back when it ends).
        else if (Grad.Node is not null) Grad = (Grad + g).PlainCopy();
        else Grad.AddInPlace(g);
    }

    /// <summary>
    /// this ← this + other in place, never recorded; <paramref name="other"/> broadcasts to this shape. One fused pass when
    /// large or when this tensor is still lazy: zeroed lazily (its zeros are then added to, not written first), or a sum
    /// not computed yet (written into a buffer of its own).
    /// </summary>
    internal void AddInPlace(Tensor other)
    {
        lock (this)
        {
            CountWrite();
            var pending = Pending;   // lazy zeros (their buffer is _data), or a sum not computed yet (no buffer yet)
            if (pending is null && Count < LazyFrom)
            {
                var d = Data;
                Kernels.BroadcastKernels.Binary(Op.Add, d, _shape, other.Data, other._shape, d, _shape);
                return;
            }
            var destination = pending is null ? Data : _data ?? Kernels.BackwardArena.Take(Count);
            Evaluate(Expression.Apply(Op.Add, [pending ?? Expression.Load(this), other.AsOperand(_shape)]), destination);
            _data = destination;
            _expression = null;
        }
    }

    /// <summary><paramref name="t"/>, its elements computed if it was lazy.</summary>
    private static Tensor Computed(Tensor t)
    {
        _ = t.Data;
        return t;
    }

    /// <summary>Makes every element 0 in this tensor's own buffer, written when the tensor is next read or added into.</summary>
    private void ZeroLazily()
    {
        _ = WritableData();   // counts the write (a lazy result that read the old values throws) and makes sure _data exists
        _expression = Expression.Load(Scalar(0.0));   // written into _data, this tensor's own buffer, when next read
    }

    /// <summary>Most element values <see cref="ToString"/> prints; past them it writes "..." and closes the brackets.</summary>
    private const int MaxPrintedValues = 1000;

    /// <summary>
    /// Shape, values (nested as in PyTorch, elided past 6 per dimension, at most 1000 values in all) and gradient status.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder("tensor(");
        AppendValues(sb);
        sb.Append(", shape=").Append(Shapes.Format(_shape));
        if (Node is not null) sb.Append(", gradFn=").Append(Node.Name);
        else if (_requiresGrad) sb.Append(", requiresGrad=true");
        return sb.Append(')').ToString();
    }

    /// <summary>
    /// The nested lists, walked with an explicit index per dimension rather than by recursion, so any rank prints. A
    /// dimension longer than 6 shows its first and last 3 entries around "..."; once <see cref="MaxPrintedValues"/>
    /// values are out, the next entry becomes "..." and every open list is closed.
    /// </summary>
    private void AppendValues(StringBuilder sb)
    {
        int rank = _shape.Length;
        if (rank == 0) { AppendValue(sb, Data[0]); return; }
        // Shapes.Strides clamps the partial products of an empty shape, which are never used to address an element.
        var strides = Array.ConvertAll(Shapes.Strides(_shape), s => (long)s);

        var shown = new int[rank];      // entries listed at each level: all, or 3 + "..." + 3
        for (int d = 0; d < rank; d++) shown[d] = _shape[d] > 6 ? 7 : _shape[d];
        var position = new int[rank];   // entry being listed at each open level
        long offset = 0;
        int printed = 0, depth = 0;
        sb.Append('[');
        while (depth >= 0)
        {
            int p = position[depth];
            if (p == shown[depth])
            {
                sb.Append(']');
                if (--depth >= 0) offset -= IndexAt(depth, position[depth]++) * strides[depth];
                continue;
            }
            if (p > 0) sb.Append(", ");
            if (printed == MaxPrintedValues)
            {
                sb.Append("...").Append(']', depth + 1);
                return;
            }
            if (shown[depth] == 7 && p == 3) { sb.Append("..."); position[depth]++; continue; }
            if (depth == rank - 1)
            {
                AppendValue(sb, Data[offset + IndexAt(depth, p) * strides[depth]]);
                printed++;
                position[depth]++;
                continue;
            }
            offset += IndexAt(depth, p) * strides[depth];
            position[++depth] = 0;
            sb.Append('[');
        }
    }

    /// <summary>The index along dimension <paramref name="dim"/> of the <paramref name="entry"/>-th entry listed there.</summary>
    private int IndexAt(int dim, int entry) => _shape[dim] > 6 && entry > 3 ? _shape[dim] - 7 + entry : entry;

    private static void AppendValue(StringBuilder sb, double value) => sb.Append(value.ToString("G6", CultureInfo.InvariantCulture));
}
