using System.Text;

namespace Autograd.Nn;

public abstract partial class Module
{
    /// <summary>
    /// This module's own settings as one line of <c>name=value</c> pairs, as PyTorch's <c>extra_repr</c>:
    /// e.g. <c>in_features=16, out_features=32, bias=True</c>. Shown inside the parentheses by <see cref="ToString"/>.
    /// Default: "" (nothing to show). Override it in a layer that has settings; several lines are allowed.
    /// </summary>
    public virtual string ExtraRepr() => "";

    /// <summary>
    /// The module tree in PyTorch's format: a module with no children and a one-line <see cref="ExtraRepr"/> prints as
    /// <c>Linear(in_features=16, out_features=32, bias=True)</c> or <c>ReLU()</c>; otherwise as its type name and
    /// "(", then each line of its <see cref="ExtraRepr"/> and each child as <c>(name): child</c>, one per line, indented
    /// two spaces deeper than the module's own line, then ")" on a line of its own:
    /// <c>Sequential(\n  (0): Linear(in_features=16, out_features=32, bias=True)\n  (1): ReLU()\n)</c>.
    /// A module reachable twice is printed twice, as in PyTorch. The tree is walked with an explicit stack, so any depth
    /// prints.
    /// </summary>
    /// <exception cref="InvalidOperationException">A module contains itself, or <see cref="Children"/> returned a null module.</exception>
    public override string ToString()
    {
        var text = new StringBuilder();
        var onPath = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Step>();
        var children = new List<(string Name, Module Module)>();
        stack.Push(new Step(null, this, 0, Closing: false));
        while (stack.Count > 0)
        {
            var step = stack.Pop();
            if (step.Closing)
            {
                onPath.Remove(step.Module);
                text.Append('\n').Append(' ', 2 * step.Depth).Append(')');
                continue;
            }
            if (step.Name is not null)
                text.Append('\n').Append(' ', 2 * step.Depth).Append('(').Append(step.Name).Append("): ");

            var module = step.Module;
            string extra = module.ExtraRepr() ?? "";
            children.Clear();
            children.AddRange(module.Children());
            text.Append(module.GetType().Name).Append('(');
            if (children.Count == 0 && !extra.Contains('\n'))
            {
                text.Append(extra).Append(')');
                continue;
            }

            if (extra.Length > 0)
                foreach (var line in extra.Split('\n'))
                    text.Append('\n').Append(' ', 2 * (step.Depth + 1)).Append(line);
            onPath.Add(module);
            stack.Push(step with { Closing = true });
            for (int i = children.Count - 1; i >= 0; i--)
            {
                var (name, child) = children[i];
                if (child is null)
                    throw new InvalidOperationException($"{module.GetType().Name}.Children() returned a null module for '{name}'.");
                if (onPath.Contains(child))
                    throw new InvalidOperationException($"Module '{name}' ({child.GetType().Name}) contains itself, so it cannot be printed.");
                stack.Push(new Step(name, child, step.Depth + 1, Closing: false));
            }
        }
        return text.ToString();
    }

    /// <summary>One step of the printing walk: open a module (with its local name, null for the root) or close it.</summary>
    private readonly record struct Step(string? Name, Module Module, int Depth, bool Closing);
}
