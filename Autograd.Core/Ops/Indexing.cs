using System.Runtime.CompilerServices;
using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The slice at position <paramref name="index"/> of dimension <paramref name="dim"/>, that dimension dropped
    /// (negative index and dim count from the end): y[…] = x[…, index, …]. ∂/∂x = g placed at that position in zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is 0-d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dim or the index is out of range (the message names dim, size and index).</exception>
    public Tensor Select(int dim, int index)
    {
        int d = IndexedDim(dim, nameof(Select));
        int i = IndexAlong(d, index, nameof(index));
        return NarrowChecked(d, i, 1).Reshape([.. _shape[..d], .. _shape[(d + 1)..]]);
    }

    /// <summary>
    /// Positions <paramref name="start"/>..start+length−1 of dimension <paramref name="dim"/> (a negative start counts from
    /// the end): y[…, j, …] = x[…, start + j, …]. ∂/∂x = g placed back at those positions in zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is 0-d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dim, start or length is out of range (the message names dim, size, start and length).</exception>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = IndexedDim(dim, nameof(Narrow));
        int size = _shape[d], s = start < 0 ? start + size : start;
        if (s < 0 || s > size)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Narrow: start {start} is out of range for dimension {d} of size {size} (shape {Shapes.Format(_shape)}).");
        if (length < 0 || s + length > size)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Narrow: length {length} from start {start} does not fit in dimension {d} of size {size} (shape {Shapes.Format(_shape)}).");
        return NarrowChecked(d, s, length);
    }

    /// <summary>The recorded narrowing primitive, with checked, non-negative arguments. Its rule pads g back into zeros.</summary>
    private Tensor NarrowChecked(int d, int start, int length)
    {
        var (outer, n, inner) = Shapes.Around(_shape, d);
        var s = Shape;
        s[d] = length;
        var y = Uninitialized(outer * length * inner);
        SliceKernel.Extract(Data, outer, n, inner, start, length, y);
        return Recorded(new Tensor(y, s), "Narrow", this, Saves.Nothing, (op, g) => [g.PadInto(d, start, op.Inputs[0].Shape[d])]);
    }

    /// <summary>
    /// The adjoint of narrowing, a primitive of its own so that its rule (narrowing again) makes second order work: this
    /// tensor at positions start.. of dimension <paramref name="d"/> of a zero tensor whose dimension d has <paramref name="size"/>.
    /// </summary>
    internal Tensor PadInto(int d, int start, int size)
    {
        var (outer, length, inner) = Shapes.Around(_shape, d);
        var s = Shape;
        s[d] = size;
        var y = new double[outer * size * inner];
        SliceKernel.Insert(Data, outer, size, inner, start, length, y);
        return Recorded(new Tensor(y, s), "PadInto", this, Saves.Nothing, (op, g) => [g.NarrowChecked(d, start, op.Inputs[0].Shape[d])]);
    }

    /// <summary>
    /// The slices of dimension <paramref name="dim"/> at <paramref name="indices"/>, in that order, repeats allowed
    /// (torch.index_select; indices in 0..size−1): y[…, k, …] = x[…, indices[k], …]. ∂/∂x = g's slices added into zeros at
    /// the indices (repeated indices add up). A 0-d tensor takes exactly one index, 0, and gives itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The dim or an index is out of range.</exception>
    /// <exception cref="ArgumentException">A 0-d tensor given other than one index.</exception>
    public Tensor IndexSelect(int dim, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int d = Shapes.NormalizeDim(dim, Rank);
        if (Rank == 0)
        {
            if (indices.Length != 1)
                throw new ArgumentException($"IndexSelect: a 0-d tensor takes exactly one index, got {indices.Length}.", nameof(indices));
            return Reshape(1).IndexSelect(0, indices).Reshape();
        }
        var idx = (int[])indices.Clone();
        foreach (int i in idx)
            if (i < 0 || i >= _shape[d])
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"IndexSelect: index {i} is out of range for dimension {d} of size {_shape[d]} (shape {Shapes.Format(_shape)}).");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        var s = Shape;
        s[d] = idx.Length;
        var y = Uninitialized(outer * idx.Length * inner);
        GatherKernel.IndexSelect(Data, outer, n, inner, idx, y);
        return Recorded(new Tensor(y, s), "IndexSelect", this, Saves.Nothing, (op, g) => [g.IndexAddInto(d, idx, op.Inputs[0].Shape[d])]);
    }

    /// <summary>The adjoint of index selection, a primitive whose rule is index selection: z[…, idx[k], …] += this[…, k, …] in zeros.</summary>
    private Tensor IndexAddInto(int d, int[] idx, int size)
    {
        var (outer, _, inner) = Shapes.Around(_shape, d);
        var s = Shape;
        s[d] = size;
        var y = new double[outer * size * inner];
        GatherKernel.IndexAdd(Data, outer, size, inner, idx, y);
        return Recorded(new Tensor(y, s), "IndexAdd", this, Saves.Nothing, (_, g) => [g.IndexSelect(d, idx)]);
    }

    /// <summary>
    /// torch.gather: y[j] = x[j with its entry <paramref name="dim"/> replaced by index[j]], e.g. for dim 0 on 3-D
    /// y[i, j, k] = x[index[i, j, k], j, k]. <paramref name="index"/> holds whole numbers in 0..size(dim)−1, has this tensor's
    /// rank and no size larger than this tensor's outside dim; y has index's shape. ∂/∂x = g scatter-added into zeros at
    /// those positions (repeated positions add up). No gradient flows to the index.
    /// </summary>
    /// <exception cref="ArgumentException">The index's rank or sizes do not fit, or a value is not a whole number.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dim or an index value is out of range.</exception>
    public Tensor Gather(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = Shapes.NormalizeDim(dim, Rank);
        if (index.Rank != Rank)
            throw new ArgumentException($"Gather: the index (shape {Shapes.Format(index._shape)}) must have the rank of the input (shape {Shapes.Format(_shape)}).", nameof(index));
        if (Rank == 0) return Reshape(1).Gather(0, index.Reshape(1)).Reshape();
        for (int k = 0; k < Rank; k++)
            if (k != d && index._shape[k] > _shape[k])
                throw new ArgumentException($"Gather: the index (shape {Shapes.Format(index._shape)}) is larger than the input (shape {Shapes.Format(_shape)}) in dimension {k}.", nameof(index));
        var values = index.Data;
        var idx = new int[values.Length];
        for (int j = 0; j < values.Length; j++)
        {
            double v = values[j];
            if (v != Math.Floor(v))
                throw new ArgumentException($"Gather: index value {v} at flat position {j} is not a whole number.", nameof(index));
            if (v < 0 || v >= _shape[d])
                throw new ArgumentOutOfRangeException(nameof(index), v, $"Gather: index value {v} at flat position {j} is out of range for dimension {d} of size {_shape[d]} (shape {Shapes.Format(_shape)}).");
            idx[j] = (int)v;
        }
        return GatherChecked(d, idx, index.Shape);
    }

    /// <summary>The recorded gather primitive, with checked indices; its rule is the scatter-add.</summary>
    private Tensor GatherChecked(int d, int[] idx, int[] idxShape)
    {
        var y = Uninitialized(idx.Length);
        GatherKernel.Gather(Data, _shape, d, idx, idxShape, y);
        return Recorded(new Tensor(y, idxShape), "Gather", this, Saves.Nothing, (op, g) => [g.ScatterAddInto(d, idx, op.Inputs[0].Shape)]);
    }

    /// <summary>The adjoint of gather, a primitive whose rule is gather: z[j with entry d replaced by idx[j]] += this[j], z zeros of <paramref name="shape"/>.</summary>
    private Tensor ScatterAddInto(int d, int[] idx, int[] shape)
    {
        var y = new double[Shapes.Count(shape)];
        GatherKernel.ScatterAdd(Data, d, idx, _shape, y, shape);
        var idxShape = _shape;
        return Recorded(new Tensor(y, shape), "ScatterAdd", this, Saves.Nothing, (_, g) => [g.GatherChecked(d, idx, idxShape)]);
    }

    /// <summary><c>x[i]</c>: <see cref="Select(int, int)"/> along dimension 0 (negative i counts from the end).</summary>
    [IndexerName("At")]
    public Tensor this[int i] => Select(0, i);

    /// <summary><c>x[^k]</c>: <see cref="Select(int, int)"/> along dimension 0 at a C# index (^1 is the last).</summary>
    /// <exception cref="ArgumentException">The tensor is 0-d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index does not lie within dimension 0.</exception>
    [IndexerName("At")]
    public Tensor this[Index i]
    {
        get
        {
            if (Rank == 0) return Select(0, 0);   // refused as 0-d
            int offset = i.GetOffset(_shape[0]);
            if (offset < 0 || offset >= _shape[0])
                throw new ArgumentOutOfRangeException(nameof(i), i.ToString(), $"Index {i} is out of range for dimension 0 of size {_shape[0]}.");
            return Select(0, offset);
        }
    }

    /// <summary><c>x[a..b]</c>: <see cref="Narrow"/> along dimension 0 to positions a..b−1 (^k counts from the end).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within dimension 0.</exception>
    [IndexerName("At")]
    public Tensor this[Range r] => NarrowRange(0, r);

    /// <summary><c>x[i, j]</c>: the 0-d tensor (for a matrix) x[i][j]; Select along dimension 1 and then along dimension 0.</summary>
    [IndexerName("At")]
    public Tensor this[int i, int j] => NeedsRank2().Select(1, j).Select(0, i);

    /// <summary><c>x[a..b, j]</c>: rows a..b−1 of column j; Narrow along dimension 0 then Select along dimension 1.</summary>
    [IndexerName("At")]
    public Tensor this[Range r, int j] => NeedsRank2().NarrowRange(0, r).Select(1, j);

    /// <summary><c>x[i, a..b]</c>: row i, columns a..b−1; Narrow along dimension 1 then Select along dimension 0.</summary>
    [IndexerName("At")]
    public Tensor this[int i, Range r] => NeedsRank2().NarrowRange(1, r).Select(0, i);

    /// <summary><c>x[a..b, c..d]</c>: the block of rows a..b−1 and columns c..d−1; Narrow along dimensions 0 and 1.</summary>
    [IndexerName("At")]
    public Tensor this[Range r0, Range r1] => NeedsRank2().NarrowRange(0, r0).NarrowRange(1, r1);

    private Tensor NeedsRank2() => Rank >= 2 ? this
        : throw new ArgumentException($"Indexing with two indices needs a tensor of rank 2 or more, got shape {Shapes.Format(_shape)}.");

    /// <summary>Narrow to a C# range of dimension <paramref name="d"/>, which must lie within it (as C# ranges must).</summary>
    private Tensor NarrowRange(int d, Range r)
    {
        IndexedDim(d, "Narrow");
        int size = _shape[d];
        int start = r.Start.GetOffset(size), end = r.End.GetOffset(size);
        if (start < 0 || start > size || end < start || end > size)
            throw new ArgumentOutOfRangeException(nameof(r), $"Range {r} is out of range for dimension {d} of size {size} (start {start}, end {end}; shape {Shapes.Format(_shape)}).");
        return NarrowChecked(d, start, end - start);
    }

    /// <summary>The normalized dim of a Select or Narrow; a 0-d tensor has no dimension to index.</summary>
    private int IndexedDim(int dim, string op) => Rank == 0
        ? throw new ArgumentException($"{op} cannot be applied to a 0-d tensor (shape []).", nameof(dim))
        : Shapes.NormalizeDim(dim, Rank);

    /// <summary>A position along dimension <paramref name="d"/>, negative counting from the end, or an exception naming dim, size and index.</summary>
    private int IndexAlong(int d, int index, string paramName)
    {
        int size = _shape[d], i = index < 0 ? index + size : index;
        if (i < 0 || i >= size)
            throw new ArgumentOutOfRangeException(paramName, index, $"Index {index} is out of range for dimension {d} of size {size} (shape {Shapes.Format(_shape)}).");
        return i;
    }
}
