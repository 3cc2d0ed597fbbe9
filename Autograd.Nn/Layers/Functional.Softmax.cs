namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Log-softmax along <paramref name="dim"/>, as PyTorch's <c>log_softmax</c>: yᵢ = xᵢ − log Σⱼ e^xⱼ, the sum over
    /// the elements that share every other index. Composed as z − <see cref="Tensor.LogSumExp(int, bool)"/>(z) with
    /// z = x − m, m the slice's maximum held constant, so it is finite for any finite input (e.g. 1000 and −1000) and
    /// exact to a few ulp of y even where x is large (log_softmax([1000, 999]) has no cancellation against 1000).
    /// A −∞ entry gives −∞; a slice that is all −∞, or holds +∞ or NaN, gives NaN throughout, as in PyTorch.
    /// ∂L/∂xᵢ = gᵢ − softmax(x)ᵢ·Σⱼ gⱼ, from the ops' own rules, so second derivatives work. A rank-0 input is one
    /// slice of one element: y = 0.
    /// </summary>
    /// <param name="input">x.</param>
    /// <param name="dim">The dimension to normalise over (negative counts from the end).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is outside [−rank, rank) (rank 0 accepts 0 and −1).</exception>
    public static Tensor LogSoftmax(Tensor input, int dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        int d = Shapes.NormalizeDim(dim, input.Rank);
        var z = input - SliceMaxima(input, d);
        return z - z.LogSumExp(d, keepDim: true);
    }

    /// <summary>
    /// Softmax along <paramref name="dim"/>, as PyTorch's <c>softmax</c>: yᵢ = e^xᵢ / Σⱼ e^xⱼ over the elements that
    /// share every other index, so each slice is positive and sums to 1. Computed as exp(<see cref="LogSoftmax"/>), which
    /// never overflows (1000 next to −1000 gives 1 and 0); a −∞ entry gives 0, and a slice that is all −∞, or holds +∞
    /// or NaN, gives NaN throughout, as in PyTorch. ∂L/∂xᵢ = yᵢ·(gᵢ − Σⱼ gⱼyⱼ), from the ops' own rules, so second
    /// derivatives work.
    /// </summary>
    /// <param name="input">x.</param>
    /// <param name="dim">The dimension to normalise over (negative counts from the end).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is outside [−rank, rank) (rank 0 accepts 0 and −1).</exception>
    public static Tensor Softmax(Tensor input, int dim) => LogSoftmax(input, dim).Exp();

    /// <summary>
    /// The maximum of each slice along dimension <paramref name="dim"/> (already normalised), in the input's shape with
    /// that dimension of size 1; NaN where the slice holds NaN, −∞ for an empty slice. A constant: not recorded.
    /// </summary>
    private static Tensor SliceMaxima(Tensor input, int dim)
    {
        var shape = input.Shape;
        if (shape.Length == 0) return Tensor.Scalar(input.Item());
        int outer = Shapes.Count(shape.AsSpan(0, dim)), length = shape[dim], inner = Shapes.Count(shape.AsSpan(dim + 1));
        var x = input.Data;
        var maxima = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double m = double.NegativeInfinity;
                for (int j = 0; j < length; j++) m = Math.Max(m, x[(o * length + j) * inner + i]);   // Math.Max keeps NaN
                maxima[o * inner + i] = m;
            }
        shape[dim] = 1;
        return new Tensor(maxima, shape);
    }
}
