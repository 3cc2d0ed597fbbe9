using System.Collections.ObjectModel;

namespace Autograd.Optim;

/// <summary>
/// Base of the optimizers: holds the parameters (leaf tensors) that <see cref="Step()"/> updates in place from their
/// <see cref="Tensor.Grad"/>, and clears those gradients with <see cref="ZeroGrad"/>.
/// </summary>
/// <remarks>
/// Updates write into the parameters' buffers without recording, like PyTorch's <c>torch.no_grad()</c> steps.
/// A graph that saved a parameter before a step sees the new values if it is backpropagated afterwards.
/// </remarks>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;

    /// <summary>Takes the parameters to optimise: a non-empty list of distinct leaf tensors.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException("The optimizer got an empty parameter list.", nameof(parameters));
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i] ?? throw new ArgumentException($"Parameter {i} is null.", nameof(parameters));
            if (!p.IsLeaf)
                throw new ArgumentException($"Parameter {i} (shape {Shapes.Format(p.ShapeSpan)}, produced by {p.GradFn}) is not a leaf tensor; optimizers update leaves only.", nameof(parameters));
            if (!seen.Add(p))
                throw new ArgumentException($"Parameter {i} (shape {Shapes.Format(p.ShapeSpan)}) appears more than once in the parameter list.", nameof(parameters));
        }
        Parameters = new ReadOnlyCollection<Tensor>(_parameters);
    }

    /// <summary>The parameters this optimizer updates, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>
    /// Clears every parameter's <see cref="Tensor.Grad"/> so the next backward starts from zero: sets it to null, or with
    /// <paramref name="setToNone"/> false fills it with zeros in place (see <see cref="Tensor.ZeroGrad"/>).
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in _parameters) p.ZeroGrad(setToNone);
    }

    /// <summary>Updates every parameter whose <see cref="Tensor.Grad"/> is not null by one step of the method.</summary>
    public abstract void Step();

    /// <summary>
    /// Calls <paramref name="closure"/> (which zeroes the gradients, computes the loss, calls Backward and returns the loss)
    /// with recording on, then takes one <see cref="Step()"/>; returns the loss the closure returned.
    /// </summary>
    public virtual Tensor Step(Func<Tensor> closure)
    {
        var loss = Evaluate(closure);
        Step();
        return loss;
    }

    /// <summary>
    /// Runs the closure with recording on (off with <paramref name="record"/> false, for a trial point that needs only the
    /// loss) and checks that it returned a one-element loss.
    /// </summary>
    private protected static Tensor Evaluate(Func<Tensor> closure, bool record = true)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Tensor? loss;
        using (record ? Tensor.EnableGrad() : Tensor.NoGrad()) loss = closure();
        if (loss is null) throw new InvalidOperationException("The closure returned null instead of the loss tensor.");
        if (loss.Count != 1)
            throw new InvalidOperationException($"The closure must return a one-element loss, but it returned a tensor of shape {Shapes.Format(loss.ShapeSpan)}.");
        return loss;
    }

    /// <summary>The parameters as an array, for the derived classes' update loops.</summary>
    private protected Tensor[] ParameterArray => _parameters;

    /// <summary>
    /// Computes every gradient that is still lazy, before a step writes any parameter: a gradient recorded by a
    /// createGraph pass may read the parameters (2p for Σp²), its own or another's, and must see them as they were.
    /// </summary>
    private protected void RealiseGradients()
    {
        foreach (var p in _parameters) _ = p.Grad?.Data;
    }

    /// <summary>Length of the largest parameter: the size of a scratch buffer that fits any of them.</summary>
    private protected int LargestParameterCount => _parameters.Max(p => p.Count);
}
