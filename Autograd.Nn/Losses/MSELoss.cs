namespace Autograd.Nn;

/// <summary>Mean squared error loss, as <c>torch.nn.MSELoss</c>: ℓᵢ = (xᵢ − yᵢ)², reduced by <see cref="Loss.Reduction"/>.</summary>
public sealed class MSELoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <summary>"" with the default mean reduction (prints <c>MSELoss()</c>, as PyTorch), else e.g. <c>reduction=sum</c>.</summary>
    public override string ExtraRepr() => Reduction == Reduction.Mean ? "" : $"reduction={PythonFormat.Reduction(Reduction)}";

    /// <summary>The reduced squared error of <paramref name="input"/> against <paramref name="target"/> (identical shapes).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MSELoss(input, target, Reduction);
}
