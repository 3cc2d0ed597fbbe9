using Autograd;
using Autograd.Nn;

namespace CustomLayer;

/// <summary>
/// A Poisson rate layer with an exposure offset: μ = exposure · softplus(x·wᵀ + b). The softplus link keeps μ positive but grows
/// only linearly in η (a log link grows exponentially), and the exposure (time observed, population at risk, ...) scales the rate.
/// Built from a <see cref="Linear"/> child and the custom <see cref="StableSoftplus"/> op; its output feeds
/// <c>PoissonNLLLoss(logInput: false)</c>.
/// </summary>
public sealed class PoissonRateLayer : Module
{
    /// <summary>A layer for <paramref name="features"/> inputs with PyTorch's default Linear initialisation from <paramref name="random"/>.</summary>
    public PoissonRateLayer(int features, Random? random = null) => Linear = new Linear(features, 1, random: random);

    /// <summary>The affine part η = x·wᵀ + b (Weight [1, features], Bias [1]).</summary>
    public Linear Linear { get; }

    /// <summary>μ = softplus(x·wᵀ + b) for exposure 1; input [n, features], output [n, 1].</summary>
    public override Tensor Forward(Tensor input) => StableSoftplus.Apply(Linear.Forward(input));

    /// <summary>μ = exposure · softplus(x·wᵀ + b); <paramref name="exposure"/> is [n, 1] (or broadcasts to it) and positive.</summary>
    public Tensor Forward(Tensor input, Tensor exposure)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        return Forward(input) * exposure;
    }

    /// <summary>The one child, named "linear" in state dicts (linear.weight, linear.bias).</summary>
    protected override IEnumerable<(string Name, Module Module)> Children()
    {
        yield return ("linear", Linear);
    }
}
