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
        var z = input - (input.Rank == 0 ? Tensor.Scalar(input.Item()) : input.MaxAlong(d, infinityToZero: false));
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
}
