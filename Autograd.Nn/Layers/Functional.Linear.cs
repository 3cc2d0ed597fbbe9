namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Affine map y = x·Wᵀ + b over the last dimension, as PyTorch's <c>linear</c>: input [..., in], weight [out, in],
    /// bias [out] (or null for none), output [..., out]. ∂/∂x = g·W, ∂/∂W = gᵀ·x, ∂/∂b = Σ g over the leading dimensions.
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not 2-D, the bias is not [out], or the input's last dimension is not in (shapes are named).</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear: weight must be [out, in], got shape {Shapes.Format(weight.ShapeSpan)}.", nameof(weight));
        int outFeatures = weight.ShapeSpan[0], inFeatures = weight.ShapeSpan[1];
        if (bias is not null && (bias.Rank != 1 || bias.ShapeSpan[0] != outFeatures))
            throw new ArgumentException($"Linear: bias must be [{outFeatures}] for weight {Shapes.Format(weight.ShapeSpan)}, got shape {Shapes.Format(bias.ShapeSpan)}.", nameof(bias));
        if (input.Rank == 0 || input.ShapeSpan[^1] != inFeatures)
            throw new ArgumentException($"Linear: input shape {Shapes.Format(input.ShapeSpan)} must end in {inFeatures} to match weight {Shapes.Format(weight.ShapeSpan)}.", nameof(input));

        var rows = input.Rank == 2 ? input : input.Reshape(-1, inFeatures);
        var y = Tensor.MatMul(rows, weight, transposeA: false, transposeB: true, bias);  // x·Wᵀ + b in one pass, without copying Wᵀ
        return input.Rank == 2 ? y : y.Reshape([.. input.ShapeSpan[..^1], outFeatures]);
    }
}
