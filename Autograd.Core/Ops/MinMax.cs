namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// maxᵢ xᵢ over all elements, a scalar (shape []); NaN when any element is NaN (NaN propagates, as in PyTorch).
    /// ∂/∂xᵢ = g/k where xᵢ is one of the k elements equal to the max (the NaN elements when it is NaN), 0 elsewhere: at ties
    /// the gradient is split evenly, as PyTorch's full <c>max</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has no elements (its shape is named).</exception>
    public Tensor Max() => Extremum(largest: true);

    /// <summary>
    /// minᵢ xᵢ over all elements, a scalar (shape []); NaN when any element is NaN. ∂/∂xᵢ = g/k where xᵢ is one of the k
    /// elements equal to the min (the NaN elements when it is NaN), 0 elsewhere.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has no elements (its shape is named).</exception>
    public Tensor Min() => Extremum(largest: false);

    /// <summary>
    /// The max along <paramref name="dim"/> (negative counts from the end) and the index along that dimension where it was
    /// found: the first occurrence at ties, and the first NaN when the slice holds one (NaN counts as the max), as PyTorch
    /// on the CPU. The dimension is dropped from both unless <paramref name="keepDim"/>. The indices are whole numbers in a
    /// double tensor, without gradient. ∂Values/∂x = g at the selected index of each slice, 0 elsewhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range for this tensor's rank.</exception>
    /// <exception cref="ArgumentException">The dimension reduced has size 0.</exception>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, largest: true, nameof(Max));

    /// <summary>
    /// The min along <paramref name="dim"/> and the index where it was found (first occurrence at ties; the first NaN when
    /// there is one, NaN counting as the min), the dimension dropped unless <paramref name="keepDim"/>.
    /// ∂Values/∂x = g at the selected index of each slice, 0 elsewhere; the indices have no gradient.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range for this tensor's rank.</exception>
    /// <exception cref="ArgumentException">The dimension reduced has size 0.</exception>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, largest: false, nameof(Min));

    /// <summary>
    /// The row-major index into the flattened tensor of its max (first occurrence at ties, the first NaN if any), a scalar
    /// of shape [] holding a whole number; no gradient.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has no elements.</exception>
    public Tensor ArgMax() => ArgExtremum(largest: true);

    /// <summary>
    /// The index along <paramref name="dim"/> of the max of each slice (first occurrence at ties, the first NaN if any), as
    /// whole numbers in a double tensor; the dimension is dropped unless <paramref name="keepDim"/>. No gradient.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range for this tensor's rank.</exception>
    /// <exception cref="ArgumentException">The dimension reduced has size 0.</exception>
    public Tensor ArgMax(int dim, bool keepDim = false) => IndicesAlong(dim, keepDim, largest: true, nameof(ArgMax));

    /// <summary>
    /// The row-major index into the flattened tensor of its min (first occurrence at ties, the first NaN if any), a scalar
    /// of shape []; no gradient.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has no elements.</exception>
    public Tensor ArgMin() => ArgExtremum(largest: false);

    /// <summary>
    /// The index along <paramref name="dim"/> of the min of each slice (first occurrence at ties, the first NaN if any), as
    /// whole numbers in a double tensor; the dimension is dropped unless <paramref name="keepDim"/>. No gradient.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range for this tensor's rank.</exception>
    /// <exception cref="ArgumentException">The dimension reduced has size 0.</exception>
    public Tensor ArgMin(int dim, bool keepDim = false) => IndicesAlong(dim, keepDim, largest: false, nameof(ArgMin));

    private Tensor Extremum(bool largest)
    {
        RequireElements(largest ? "Max()" : "Min()");
        var x = Data;
        var value = new double[1];
        SelectAlong(x, 1, x.Length, 1, largest, value, new double[1]);
        double m = value[0];
        // Every element equal to the extremum shares the gradient; when it is NaN, the NaN elements do.
        var mask = new double[x.Length];
        int ties = 0;
        for (int i = 0; i < x.Length; i++)
            if (x[i] == m || (double.IsNaN(m) && double.IsNaN(x[i]))) { mask[i] = 1; ties++; }
        var selected = new Tensor(mask, _shape);
        return Recorded(new Tensor(value, []), largest ? "Max" : "Min", this, Saves.Nothing, (_, g) => [Where(selected, g / ties, 0.0)]);
    }

    private (Tensor Values, Tensor Indices) ExtremumAlong(int dim, bool keepDim, bool largest, string name)
    {
        var (values, indices, d) = SelectAlong(dim, largest, name);
        var mask = new double[Count];
        var index = indices.Data;
        int length = Rank == 0 ? 1 : _shape[d], inner = Rank == 0 ? 1 : Shapes.Count(_shape.AsSpan(d + 1));
        for (int k = 0; k < index.Length; k++)
            mask[(k / inner * length + (int)index[k]) * inner + k % inner] = 1;
        var selected = new Tensor(mask, _shape);
        var y = Recorded(values, largest ? "MaxAlong" : "MinAlong", this, Saves.Nothing, (_, g) => [Where(selected, g, 0.0)]);
        return (Dropped(y, d, keepDim), Dropped(indices, d, keepDim));
    }

    private Tensor ArgExtremum(bool largest)
    {
        RequireElements(largest ? "ArgMax()" : "ArgMin()");
        var index = new double[1];
        SelectAlong(Data, 1, Count, 1, largest, new double[1], index);
        return new Tensor(index, []);
    }

    private Tensor IndicesAlong(int dim, bool keepDim, bool largest, string name)
    {
        var (_, indices, d) = SelectAlong(dim, largest, name);
        return Dropped(indices, d, keepDim);
    }

    /// <summary>Values and indices along dimension <paramref name="dim"/>, both with that dimension kept at size 1; not recorded.</summary>
    private (Tensor Values, Tensor Indices, int Dim) SelectAlong(int dim, bool largest, string name)
    {
        int d = Shapes.NormalizeDim(dim, Rank);
        if (Rank == 0) return (new Tensor([Data[0]], []), new Tensor([0.0], []), 0);
        if (_shape[d] == 0)
            throw new ArgumentException($"{name}(dim: {dim}) needs a non-empty dimension to reduce, but dimension {d} of shape {Shapes.Format(_shape)} has size 0.", nameof(dim));
        var (outer, length, inner) = Shapes.Around(_shape, d);
        var kept = Shape;
        kept[d] = 1;
        var values = new double[outer * inner];
        var indices = new double[outer * inner];
        SelectAlong(Data, outer, length, inner, largest, values, indices);
        return (new Tensor(values, kept), new Tensor(indices, kept), d);
    }

    /// <summary>
    /// The kernel: for x viewed as [outer, length, inner], the max (or min) of each of the outer·inner slices along the middle
    /// dimension and its first index there; a NaN wins at once. <paramref name="length"/> must be positive.
    /// </summary>
    internal static void SelectAlong(ReadOnlySpan<double> x, int outer, int length, int inner, bool largest, Span<double> values, Span<double> indices)
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int start = o * length * inner + i, best = 0;
                double m = x[start];
                for (int j = 1; j < length && !double.IsNaN(m); j++)
                {
                    double v = x[start + j * inner];
                    if (largest ? v > m : v < m) { m = v; best = j; }
                    else if (double.IsNaN(v)) { m = v; best = j; }
                }
                values[o * inner + i] = m;
                indices[o * inner + i] = best;
            }
    }

    /// <summary><paramref name="y"/> (dimension <paramref name="d"/> of size 1) with that dimension removed unless kept.</summary>
    private Tensor Dropped(Tensor y, int d, bool keepDim) =>
        keepDim || Rank == 0 ? y : y.Reshape([.. _shape[..d], .. _shape[(d + 1)..]]);

    private void RequireElements(string name)
    {
        if (Count == 0)
            throw new ArgumentException($"{name} of an empty tensor (shape {Shapes.Format(_shape)}) is undefined; reduce along a non-empty dimension instead.");
    }
}
