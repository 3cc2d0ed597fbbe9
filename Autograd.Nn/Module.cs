namespace Autograd.Nn;

/// <summary>
/// Base class of layers and models: a function y = f(x; θ) of an input and the parameters θ it owns or that its
/// children own. A module declares its parameters and children explicitly (no reflection):
/// override <see cref="OwnParameters"/> to <c>yield return</c> each of its own parameters with its name, and
/// <see cref="Children"/> to <c>yield return</c> each sub-module with its name. Everything else — the full
/// parameter list, PyTorch-style dotted names (<c>encoder.1.bias</c>), state dicts, train/eval mode — is derived from
/// those two lists by this class.
/// </summary>
/// <remarks>
/// Saving to and loading from a file is built on <see cref="StateDict"/> and <see cref="LoadStateDict"/>; it belongs to
/// the serialization part of the library (Serialization/), which can add <c>Save(path)</c> and <c>Load(path)</c> to
/// this class as another part of this partial declaration.
/// </remarks>
public abstract partial class Module
{
    /// <summary>The output of this module for <paramref name="input"/>: y = f(x; θ).</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>
    /// The parameters this module holds directly (not its children's), each with its local name, in a fixed order:
    /// e.g. <c>yield return ("weight", Weight);</c>. Default: none.
    /// </summary>
    protected virtual IEnumerable<(string Name, Tensor Parameter)> OwnParameters() => [];

    /// <summary>
    /// The direct sub-modules of this module, each with its local name, in a fixed order:
    /// e.g. <c>yield return ("encoder", Encoder);</c>. Default: none.
    /// </summary>
    protected virtual IEnumerable<(string Name, Module Module)> Children() => [];

    /// <summary>
    /// True in training mode (the default), false in evaluation mode. Layers such as <see cref="Dropout"/> behave
    /// differently in the two modes; set it with <see cref="Train"/> and <see cref="Eval"/>.
    /// </summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>
    /// Every parameter of this module and its descendants, each tensor once (a parameter shared by two layers is
    /// listed once), in <see cref="NamedParameters"/> order. This is what an optimizer takes.
    /// </summary>
    public virtual IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>
    /// Every parameter of this module and its descendants with its dotted name (<c>weight</c>, <c>0.weight</c>,
    /// <c>encoder.1.bias</c>): own parameters first, then each child's in declaration order, depth first, as
    /// PyTorch's <c>named_parameters()</c>. A tensor reachable under several names is listed under the first one only.
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (name, parameter) in AllParameters())
            if (seen.Add(parameter)) yield return (name, parameter);
    }

    /// <summary>
    /// Clears <see cref="Tensor.Grad"/> of every parameter before the next backward pass: sets it to null, or with
    /// <paramref name="setToNone"/> false fills it with zeros in place (see <see cref="Tensor.ZeroGrad"/>).
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters()) p.ZeroGrad(setToNone);
    }

    /// <summary>Puts this module and all its descendants in training mode (<see cref="IsTraining"/> = true).</summary>
    public void Train() => SetTraining(true);

    /// <summary>Puts this module and all its descendants in evaluation mode (<see cref="IsTraining"/> = false).</summary>
    public void Eval() => SetTraining(false);

    private void SetTraining(bool training)
    {
        foreach (var visit in Descendants()) visit.Module.IsTraining = training;
    }

    /// <summary>
    /// A snapshot of every parameter under its dotted name (<c>weight</c>, <c>0.weight</c>, <c>encoder.1.bias</c>),
    /// in <see cref="NamedParameters"/> order, with PyTorch's names so weights can move between the two.
    /// The tensors are copies without gradient history: later training does not change them.
    /// A tensor shared by two layers appears under each of its names, as in PyTorch.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in AllParameters())
            state.Add(name, Tensor.FromArray(parameter.ToArray(), parameter.Shape));
        return state;
    }

    /// <summary>
    /// Copies the values in <paramref name="state"/> into this module's existing parameter tensors, in place, so an
    /// optimizer that holds those tensors keeps working. With <paramref name="strict"/>, the keys must be exactly the
    /// names of <see cref="StateDict"/>; without it, missing and unexpected keys are ignored. Shapes must always match.
    /// Throws <see cref="ArgumentException"/> listing every missing key, unexpected key and shape mismatch, and then
    /// changes nothing. Gradients are left as they are.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var targets = AllParameters().ToList();
        var expected = new HashSet<string>(targets.Select(t => t.Name), StringComparer.Ordinal);

        var problems = new List<string>();
        var missing = targets.Where(t => !state.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        var unexpected = state.Keys.Where(k => !expected.Contains(k)).ToList();
        if (strict && missing.Count > 0) problems.Add("missing keys: " + string.Join(", ", missing));
        if (strict && unexpected.Count > 0) problems.Add("unexpected keys: " + string.Join(", ", unexpected));
        foreach (var (name, parameter) in targets)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            if (source is null) problems.Add($"{name}: the value is null");
            else if (!Shapes.SameAs(source.ShapeSpan, parameter.ShapeSpan))
                problems.Add($"{name}: shape {Shapes.Format(source.ShapeSpan)} in the state dict, {Shapes.Format(parameter.ShapeSpan)} in the module");
        }
        if (problems.Count > 0)
            throw new ArgumentException($"Cannot load the state dict into {GetType().Name}: {string.Join("; ", problems)}. Nothing was changed.", nameof(state));

        foreach (var (name, parameter) in targets)
            if (state.TryGetValue(name, out var source))
                Array.Copy(source.Data, parameter.WritableData(), parameter.Count);
    }

    /// <summary>Every parameter of every descendant under its full dotted name, shared tensors once per name.</summary>
    private IEnumerable<(string Name, Tensor Parameter)> AllParameters()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var visit in Descendants())
        {
            string? prefix = null;   // built only for modules that hold parameters: a deep chain of containers costs nothing
            foreach (var (local, parameter) in visit.Module.OwnParameters())
            {
                if (parameter is null)
                    throw new InvalidOperationException($"{visit.Module.GetType().Name}.OwnParameters() returned a null tensor for '{local}'.");
                string name = (prefix ??= visit.Prefix()) + local;
                if (!names.Add(name))
                    throw new InvalidOperationException($"Two parameters of {GetType().Name} are both named '{name}'; names must be unique.");
                yield return (name, parameter);
            }
        }
    }

    /// <summary>
    /// This module and every descendant, pre-order (a module before its children, children in declaration order), each
    /// with the path that gives the dotted prefix of its parameters ("" for this module, "encoder.1." for a grandchild).
    /// Walks with an explicit stack, in time linear in the number of visits: the modules on the current path are kept in
    /// a set (so a module that contains itself is found without walking up the path), and no prefix is built here.
    /// </summary>
    private IEnumerable<Visit> Descendants()
    {
        var onPath = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Visit Visit, bool Leaving)>();
        var children = new List<(string Name, Module Module)>();
        stack.Push((new Visit(null, this, null), false));
        while (stack.Count > 0)
        {
            var (visit, leaving) = stack.Pop();
            if (leaving)
            {
                onPath.Remove(visit.Module);
                continue;
            }
            yield return visit;
            onPath.Add(visit.Module);
            stack.Push((visit, true));   // popped after the whole subtree: the module leaves the path

            children.Clear();
            children.AddRange(visit.Module.Children());
            for (int i = children.Count - 1; i >= 0; i--)
            {
                var (name, child) = children[i];
                if (child is null)
                    throw new InvalidOperationException($"{visit.Module.GetType().Name}.Children() returned a null module for '{name}'.");
                if (onPath.Contains(child))
                    throw new InvalidOperationException($"Module '{visit.Prefix() + name}' ({child.GetType().Name}) contains itself.");
                stack.Push((new Visit(name, child, visit), false));
            }
        }
    }

    /// <summary>A module reached by the walk: its local name (null for the root), itself, and the visit of its parent.</summary>
    private sealed class Visit(string? name, Module module, Visit? parent)
    {
        public Module Module { get; } = module;

        /// <summary>The dotted prefix of this module's parameters: "" for the root, "encoder.1." for a grandchild.</summary>
        public string Prefix()
        {
            int length = 0;
            for (var v = this; v.Parent is not null; v = v.Parent) length += v.Name!.Length + 1;
            if (length == 0) return "";
            return string.Create(length, this, static (chars, visit) =>
            {
                int end = chars.Length;
                for (var v = visit; v.Parent is not null; v = v.Parent)
                {
                    chars[--end] = '.';
                    end -= v.Name!.Length;
                    v.Name.AsSpan().CopyTo(chars[end..]);
                }
            });
        }

        private string? Name { get; } = name;

        private Visit? Parent { get; } = parent;
    }
}
