namespace Autograd.Kernels;

/// <summary>
/// Walks the rows (last dimension) of an output shape and keeps, for up to three broadcast operands,
/// the offset of the matching row in each. An operand's stride is 0 along a dimension it is broadcast over.
/// </summary>
internal struct RowWalker
{
    private readonly int[] _outer;            // output shape without its last dimension
    private readonly int[] _s0, _s1, _s2;     // per-operand strides over the outer dimensions
    private readonly int[] _index;
    public int Offset0, Offset1, Offset2;

    /// <summary>Length of one row (the output's last dimension; 1 for a scalar).</summary>
    public readonly int RowLength;
    /// <summary>Number of rows: the product of the outer dimensions (0 when the output is empty).</summary>
    public readonly int Rows;
    /// <summary>Per-operand stride along the row: 1 when the operand varies along it, 0 when broadcast.</summary>
    public readonly int Inner0, Inner1, Inner2;

    public RowWalker(int[] outShape, int[] shape0, int[]? shape1 = null, int[]? shape2 = null)
    {
        int rank = outShape.Length;
        RowLength = rank == 0 ? 1 : outShape[^1];
        _outer = rank == 0 ? [] : outShape[..^1];
        Rows = Shapes.Count(outShape) == 0 ? 0 : Shapes.Count(_outer);   // an empty output has no rows, whatever the other sizes
        _s0 = OuterStrides(shape0, outShape, out Inner0);
        _s1 = OuterStrides(shape1 ?? shape0, outShape, out Inner1);
        _s2 = OuterStrides(shape2 ?? shape0, outShape, out Inner2);
        _index = new int[_outer.Length];
        Offset0 = Offset1 = Offset2 = 0;
    }

    private static int[] OuterStrides(int[] shape, int[] outShape, out int inner)
    {
        int rank = outShape.Length, pad = rank - shape.Length;
        var own = Shapes.Strides(shape);
        var strides = new int[Math.Max(rank - 1, 0)];
        for (int d = 0; d < rank - 1; d++)
            strides[d] = d < pad || shape[d - pad] == 1 ? 0 : own[d - pad];
        inner = rank == 0 || shape.Length == 0 || shape[^1] == 1 && outShape[^1] != 1 ? 0 : 1;
        if (rank > 0 && outShape[^1] == 1) inner = 0;
        return strides;
    }

    /// <summary>Moves every offset to the next row.</summary>
    public void Next()
    {
        for (int d = _outer.Length - 1; d >= 0; d--)
        {
            Offset0 += _s0[d]; Offset1 += _s1[d]; Offset2 += _s2[d];
            if (++_index[d] < _outer[d]) return;
            Offset0 -= _s0[d] * _outer[d]; Offset1 -= _s1[d] * _outer[d]; Offset2 -= _s2[d] * _outer[d];
            _index[d] = 0;
        }
    }
}
