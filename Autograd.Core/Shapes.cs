namespace Autograd;

/// <summary>Shape arithmetic for row-major tensors: element counts, strides and NumPy broadcasting.</summary>
public static class Shapes
{
    /// <summary>Number of elements of a shape: the product of its dimensions (1 for a scalar shape [], 0 when any dimension is 0).</summary>
    public static int Count(ReadOnlySpan<int> shape)
    {
        RequireNonNegative(shape, nameof(shape));
        // A zero anywhere empties the shape whatever the other sizes, as in PyTorch; only a non-empty product can overflow.
        if (shape.Contains(0)) return 0;
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
            if (n > Array.MaxLength) throw new ArgumentException($"Shape {Format(shape)} has more than {Array.MaxLength} elements.", nameof(shape));
        }
        return (int)n;
    }

    /// <summary>Checks that every dimension is non-negative and returns a private copy of the shape.</summary>
    public static int[] Validate(int[] shape, string paramName = "shape")
    {
        ArgumentNullException.ThrowIfNull(shape, paramName);
        RequireNonNegative(shape, paramName);
        Count(shape);
        return (int[])shape.Clone();
    }

    /// <summary>Row-major strides: stride[i] = product of shape[i+1..].</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        Count(shape); // rejects negative dimensions and element counts that overflow
        var strides = new int[shape.Length];
        // In an empty shape the partial products may pass int.MaxValue ([0, 65536, 65536]); no element is ever addressed
        // there, so they are clamped rather than left to wrap around.
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = (int)Math.Min(s, int.MaxValue); s = Math.Min(s * shape[i], int.MaxValue); }
        return strides;
    }

    /// <summary>Formats a shape as PyTorch does, e.g. <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>True when both shapes have the same rank and dimensions.</summary>
    public static bool SameAs(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>
    /// NumPy broadcasting: align shapes on the right; each pair of dimensions must be equal or one of them 1;
    /// the result takes the larger. Throws <see cref="ArgumentException"/> naming both shapes otherwise.
    /// </summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        RequireNonNegative(a, nameof(a));
        RequireNonNegative(b, nameof(b));
        if (a.SequenceEqual(b)) return a.ToArray();
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int da = i <= a.Length ? a[^i] : 1, db = i <= b.Length ? b[^i] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {-i}: {da} vs {db}).");
            result[rank - i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>True when <paramref name="from"/> broadcasts to exactly <paramref name="to"/>.</summary>
    public static bool BroadcastsTo(ReadOnlySpan<int> from, ReadOnlySpan<int> to)
    {
        RequireNonNegative(from, nameof(from));
        RequireNonNegative(to, nameof(to));
        if (from.Length > to.Length) return false;
        for (int i = 1; i <= from.Length; i++)
            if (from[^i] != to[^i] && from[^i] != 1) return false;
        return true;
    }

    private static void RequireNonNegative(ReadOnlySpan<int> shape, string paramName)
    {
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.", paramName);
    }

    /// <summary>
    /// A shape viewed as [outer, length, inner] around dimension <paramref name="dim"/> (already normalised): the product of
    /// the sizes before it, its own size, the product of the sizes after it.
    /// </summary>
    internal static (int Outer, int Length, int Inner) Around(ReadOnlySpan<int> shape, int dim) =>
        (Count(shape[..dim]), shape[dim], Count(shape[(dim + 1)..]));

    /// <summary>Turns a possibly negative dimension index into 0..rank-1, or throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static int NormalizeDim(int dim, int rank, string paramName = "dim")
    {
        // A rank-0 tensor accepts dim 0 and −1, as PyTorch does.
        int d = dim < 0 ? dim + Math.Max(rank, 1) : dim;
        if (d < 0 || d >= Math.Max(rank, 1))
            throw new ArgumentOutOfRangeException(paramName, dim, $"Dimension {dim} is out of range for a tensor of rank {rank}.");
        return d;
    }
}
