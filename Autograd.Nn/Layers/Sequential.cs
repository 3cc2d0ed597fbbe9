using System.Globalization;

namespace Autograd.Nn;

/// <summary>
/// A chain of modules applied in order, as <c>torch.nn.Sequential</c>: y = fₙ(…f₁(f₀(x))). The children are named
/// "0", "1", ..., so parameters appear in state dicts as <c>0.weight</c>, <c>2.bias</c>, ...
/// </summary>
public sealed class Sequential : Module
{
    private readonly Module[] _modules;

    /// <summary>Creates the chain f₀, f₁, ... from <paramref name="modules"/>, in order.</summary>
    /// <exception cref="ArgumentNullException">The array or one of its modules is null.</exception>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        for (int i = 0; i < modules.Length; i++)
            if (modules[i] is null) throw new ArgumentNullException(nameof(modules), $"Module {i} of the Sequential is null.");
        _modules = (Module[])modules.Clone();
    }

    /// <summary>Number of modules in the chain.</summary>
    public int Count => _modules.Length;

    /// <summary>The module at position <paramref name="index"/> (state-dict prefix <c>"{index}."</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in 0..Count−1.</exception>
    public Module this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_modules.Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"This Sequential has {_modules.Length} modules.");
            return _modules[index];
        }
    }

    /// <summary>Applies each module to the previous one's output: y = fₙ(…f₁(f₀(x))).</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var module in _modules) input = module.Forward(input);
        return input;
    }

    /// <summary>Yields the modules named "0", "1", ... in order.</summary>
    protected override IEnumerable<(string Name, Module Module)> Children()
    {
        for (int i = 0; i < _modules.Length; i++)
            yield return (i.ToString(CultureInfo.InvariantCulture), _modules[i]);
    }
}
