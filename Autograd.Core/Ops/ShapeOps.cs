using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Inserts a dimension of size 1 at <paramref name="dim"/>, in −(rank+1)..rank (negative counts from the end of the
    /// result). Shares the data. ∂/∂x = g with that dimension removed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is outside −(rank+1)..rank.</exception>
    public Tensor Unsqueeze(int dim)
    {
        int d = Shapes.NormalizeDim(dim, Rank + 1);
        return Reshape([.. _shape[..d], 1, .. _shape[d..]]);
    }

    /// <summary>Removes every dimension of size 1. Shares the data. ∂/∂x = g reshaped back.</summary>
    public Tensor Squeeze() => Reshape(Array.FindAll(_shape, s => s != 1));

    /// <summary>
    /// Removes dimension <paramref name="dim"/> if its size is 1; otherwise (and for a 0-d tensor) the shape is kept, as
    /// in PyTorch. Shares the data. ∂/∂x = g reshaped back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
    public Tensor Squeeze(int dim)
    {
        int d = Shapes.NormalizeDim(dim, Rank);
        return Rank == 0 || _shape[d] != 1 ? Reshape(_shape) : Reshape([.. _shape[..d], .. _shape[(d + 1)..]]);
    }

    /// <summary>
    /// Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> (inclusive, negative counting from the end)
    /// into one whose size is their product; a 0-d tensor becomes shape [1]. Shares the data. ∂/∂x = g reshaped back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="startDim"/> comes after <paramref name="endDim"/>.</exception>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        int s = Shapes.NormalizeDim(startDim, Rank, nameof(startDim)), e = Shapes.NormalizeDim(endDim, Rank, nameof(endDim));
        if (s > e)
            throw new ArgumentException($"Flatten: startDim {startDim} (dimension {s}) comes after endDim {endDim} (dimension {e}) for shape {Shapes.Format(_shape)}.", nameof(startDim));
        if (Rank == 0) return Reshape(1);
        return Reshape([.. _shape[..s], Shapes.Count(_shape.AsSpan(s, e - s + 1)), .. _shape[(e + 1)..]]);
    }

    /// <summary>
    /// The dimensions in the order <paramref name="dims"/> (a permutation of 0..rank−1, negative counting from the end):
    /// yᵢ₀…ᵢₙ₋₁ with output dimension k being input dimension dims[k]. Copies the data (no copy for the identity).
    /// ∂/∂x = g permuted by the inverse permutation.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dims"/> does not list each dimension exactly once.</exception>
    public Tensor Permute(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != Rank)
            throw new ArgumentException($"Permute: got {dims.Length} dims [{string.Join(", ", dims)}] for a tensor of rank {Rank} (shape {Shapes.Format(_shape)}).", nameof(dims));
        var p = new int[Rank];
        var seen = new bool[Rank];
        for (int k = 0; k < Rank; k++)
        {
            p[k] = Shapes.NormalizeDim(dims[k], Rank, nameof(dims));
            if (seen[p[k]])
                throw new ArgumentException($"Permute: dimension {dims[k]} appears twice in [{string.Join(", ", dims)}] (shape {Shapes.Format(_shape)}).", nameof(dims));
            seen[p[k]] = true;
        }
        bool identity = true;
        for (int k = 0; k < Rank; k++) identity &= p[k] == k;
        if (identity) return Reshape(_shape);
        return PermuteCopy(p);
    }

    /// <summary>The recorded permutation primitive; <paramref name="p"/> is a checked, non-negative permutation.</summary>
    internal Tensor PermuteCopy(int[] p)
    {
        var d = Uninitialized(Count);
        PermuteKernel.Permute(Data, _shape, p, d);
        var inverse = new int[p.Length];
        for (int k = 0; k < p.Length; k++) inverse[p[k]] = k;
        var outShape = Array.ConvertAll(p, k => _shape[k]);
        return Recorded(new Tensor(d, outShape), "Permute", this, Saves.Nothing, (_, g) => [g.Permute(inverse)]);
    }

    /// <summary>A copy with its own buffer and the same values: y = x. ∂/∂x = g.</summary>
    public Tensor Clone() => Recorded(new Tensor(OwnCopy(), Shape), "Clone", this, Saves.Nothing, static (_, g) => [g]);

    /// <summary>
    /// <see cref="BroadcastTo"/> in PyTorch's form: <paramref name="shape"/> may add leading dimensions, and −1 keeps this
    /// tensor's size in that (existing) dimension; sizes of 1 repeat. ∂/∂x = g summed back to x's shape.
    /// </summary>
    /// <exception cref="ArgumentException">The shape has fewer dimensions than the tensor, −1 in a new leading dimension,
    /// another negative size, or a size that does not match a non-1 dimension.</exception>
    public Tensor Expand(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < Rank)
            throw new ArgumentException($"Expand: the target {Shapes.Format(shape)} has fewer dimensions than the tensor's shape {Shapes.Format(_shape)}.", nameof(shape));
        var s = (int[])shape.Clone();
        int lead = shape.Length - Rank;
        for (int k = 0; k < s.Length; k++)
        {
            if (s[k] == -1 && k >= lead) s[k] = _shape[k - lead];
            else if (s[k] < 0)
                throw new ArgumentException($"Expand: size {s[k]} at dimension {k} of {Shapes.Format(shape)} is not allowed (-1 only keeps an existing dimension of {Shapes.Format(_shape)}).", nameof(shape));
        }
        return BroadcastTo(s);
    }

    /// <summary>
    /// Swaps dimensions <paramref name="dim0"/> and <paramref name="dim1"/> (any rank, negative counting from the end):
    /// <see cref="Permute"/> with those two exchanged. ∂/∂x = g with the same two swapped back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = Shapes.NormalizeDim(dim0, Rank, nameof(dim0)), b = Shapes.NormalizeDim(dim1, Rank, nameof(dim1));
        if (a == b) return Reshape(_shape);
        var p = new int[Rank];
        for (int k = 0; k < p.Length; k++) p[k] = k;
        (p[a], p[b]) = (p[b], p[a]);
        return PermuteCopy(p);
    }
}
