using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Concatenation along <paramref name="dim"/> (torch.cat): the inputs' slabs one after another; all shapes agree except
    /// along dim. As in PyTorch, a 1-D empty tensor (shape [0]) is skipped whatever the others' shapes. ∂/∂xₖ = g narrowed
    /// to xₖ's positions along dim.
    /// </summary>
    /// <exception cref="ArgumentException">No tensors, a null entry, a 0-d tensor, or ranks or sizes that disagree (shapes named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
    public static Tensor Cat(Tensor[] tensors, int dim = 0)
    {
        CheckJoinable(tensors, nameof(Cat));
        int scalar = Array.FindIndex(tensors, t => t.Rank == 0);
        if (scalar >= 0)
            throw new ArgumentException($"Cat: tensor {scalar} is 0-d (shape []) and cannot be concatenated (Stack makes a new dimension); shapes: {Formats(tensors)}.", nameof(tensors));
        var kept = Array.FindIndex(tensors, t => !IsSkippedInCat(t));
        if (kept < 0) return Recorded(new Tensor([], [0]), "Cat", tensors, Saves.Nothing, static (op, _) => Array.ConvertAll(op.Inputs, _ => (Tensor?)Zeros(0)));
        var first = tensors[kept];
        int d = Shapes.NormalizeDim(dim, first.Rank);
        var shape = first.Shape;
        shape[d] = 0;
        var offsets = new int[tensors.Length];
        for (int k = 0; k < tensors.Length; k++)
        {
            var t = tensors[k];
            offsets[k] = shape[d];
            if (IsSkippedInCat(t)) continue;
            if (t.Rank != first.Rank || !SameExcept(t._shape, first._shape, d))
                throw new ArgumentException($"Cat: tensor {k} has shape {Shapes.Format(t._shape)}, which does not match tensor {kept}'s {Shapes.Format(first._shape)} outside dimension {d}; shapes: {Formats(tensors)}.", nameof(tensors));
            shape[d] += t._shape[d];
        }
        var (outer, n, inner) = Shapes.Around(shape, d);
        var y = Uninitialized(outer * n * inner);
        for (int k = 0; k < tensors.Length; k++)
            if (!IsSkippedInCat(tensors[k])) SliceKernel.Insert(tensors[k].Data, outer, n, inner, offsets[k], tensors[k]._shape[d], y);
        return Recorded(new Tensor(y, shape), "Cat", tensors, Saves.Nothing, (op, g) =>
        {
            var grads = new Tensor?[op.Inputs.Length];
            for (int k = 0; k < grads.Length; k++)
            {
                var s = op.Inputs[k].Shape;
                if (op.NeedsGrad(k)) grads[k] = s is [0] ? Zeros(0) : g.NarrowChecked(d, offsets[k], s[d]);
            }
            return grads;
        });
    }

    /// <summary>
    /// Stacks same-shape tensors along a new dimension <paramref name="dim"/> (in −(rank+1)..rank): each one unsqueezed there,
    /// then <see cref="Cat"/>. ∂/∂xₖ = g selected at position k of that dimension.
    /// </summary>
    /// <exception cref="ArgumentException">No tensors, a null entry, or shapes that differ (shapes named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
    public static Tensor Stack(Tensor[] tensors, int dim = 0)
    {
        CheckJoinable(tensors, nameof(Stack));
        foreach (var t in tensors)
            if (!Shapes.SameAs(t._shape, tensors[0]._shape))
                throw new ArgumentException($"Stack needs tensors of one shape, got {Formats(tensors)}.", nameof(tensors));
        int d = Shapes.NormalizeDim(dim, tensors[0].Rank + 1);
        return Cat(Array.ConvertAll(tensors, t => t.Unsqueeze(d)), d);
    }

    /// <summary>
    /// Splits along <paramref name="dim"/> into consecutive pieces of <paramref name="size"/> (the last one smaller when
    /// the size does not divide), as torch.split; an empty dimension gives one empty piece. Each piece is a
    /// <see cref="Narrow"/>, so ∂/∂x gathers the pieces' gradients back into place.
    /// </summary>
    /// <exception cref="ArgumentException">A 0-d tensor, or size ≤ 0 (0 is allowed only for an empty dimension).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
    public Tensor[] Split(int size, int dim = 0)
    {
        int d = IndexedDim(dim, nameof(Split));
        int n = _shape[d];
        if (size < 0 || (size == 0 && n != 0))
            throw new ArgumentException($"Split: size {size} must be positive (0 only when dimension {d} is empty) for shape {Shapes.Format(_shape)}.", nameof(size));
        if (n == 0) return [NarrowChecked(d, 0, 0)];
        var pieces = new Tensor[(n + size - 1) / size];
        for (int k = 0; k < pieces.Length; k++) pieces[k] = NarrowChecked(d, k * size, Math.Min(size, n - k * size));
        return pieces;
    }

    /// <summary>
    /// Splits along <paramref name="dim"/> into at most <paramref name="chunks"/> pieces of ⌈n/chunks⌉ (the last smaller,
    /// possibly fewer pieces), as torch.chunk; an empty dimension gives <paramref name="chunks"/> empty pieces. Narrows, as
    /// <see cref="Split"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A 0-d tensor, or chunks ≤ 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        int d = IndexedDim(dim, nameof(Chunk));
        if (chunks <= 0)
            throw new ArgumentException($"Chunk: chunks must be positive, got {chunks} (shape {Shapes.Format(_shape)}).", nameof(chunks));
        int n = _shape[d];
        if (n == 0) return Array.ConvertAll(new int[chunks], _ => NarrowChecked(d, 0, 0));
        return Split((n + chunks - 1) / chunks, d);
    }

    /// <summary>PyTorch's legacy rule: a 1-D tensor with no elements takes no part in a concatenation.</summary>
    private static bool IsSkippedInCat(Tensor t) => t.Rank == 1 && t._shape[0] == 0;

    private static bool SameExcept(int[] a, int[] b, int d)
    {
        for (int k = 0; k < a.Length; k++)
            if (k != d && a[k] != b[k]) return false;
        return true;
    }

    private static void CheckJoinable(Tensor[] tensors, string op)
    {
        if (tensors is null) throw new ArgumentNullException(nameof(tensors), $"{op} needs an array of tensors, got null.");
        if (tensors.Length == 0) throw new ArgumentException($"{op} needs at least one tensor, got an empty array.", nameof(tensors));
        int nul = Array.IndexOf(tensors, null);
        if (nul >= 0) throw new ArgumentException($"{op}: tensor {nul} is null.", nameof(tensors));
    }

    private static string Formats(Tensor[] tensors) => string.Join(", ", Array.ConvertAll(tensors, t => Shapes.Format(t._shape)));
}
