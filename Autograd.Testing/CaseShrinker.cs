namespace Autograd.Testing;

/// <summary>
/// Smaller variants of a <see cref="GradCase"/>, most aggressive first. Shape moves keep every element they keep at its
/// value (a failing element survives when the move narrows onto it), keep the minimum rank, and keep a broadcast family
/// broadcasting: setting a dimension to 1, dropping a leading 1 and shrinking an aligned dimension of every input that
/// has it all preserve compatibility. Then values shrink one by one toward the domain's simple values.
/// </summary>
internal static class CaseShrinker
{
    /// <summary>How the inputs' shapes relate: fixed (never shrunk), one shared shape, or a broadcast family.</summary>
    internal enum Mode { Fixed, Same, Broadcast }

    internal static IEnumerable<GradCase> Shrink(GradCase c, Mode mode, int minRank)
    {
        if (mode != Mode.Fixed)
            foreach (var smaller in SmallerShapes(c, mode, minRank)) yield return smaller;
        foreach (var simpler in SimplerValues(c)) yield return simpler;
    }

    private static IEnumerable<GradCase> SmallerShapes(GradCase c, Mode mode, int minRank)
    {
        int n = c.Shapes.Length;
        int most = c.Values.Max(v => v.Length);
        // Everything down to one element, keeping element e of each input: the failing element, whichever it is.
        if (c.Shapes.Any(s => s.Length > minRank || s.Any(d => d != 1)) && most > 0)
        {
            var ones = Enumerable.Repeat(1, minRank).ToArray();
            for (int e = 0; e < most; e++)
                yield return c with
                {
                    Shapes = [.. c.Shapes.Select(_ => (int[])ones.Clone())],
                    Values = [.. c.Values.Select(v => v.Length == 0 ? v : new[] { v[e % v.Length] })],
                };
        }
        // Narrow one dimension onto one index, for one input (broadcast) or all of them (shared shape).
        for (int i = 0; i < n; i++)
        {
            var shape = c.Shapes[i];
            for (int d = 0; d < shape.Length; d++)
                for (int k = 0; k < shape[d] && shape[d] > 1; k++)
                    yield return mode == Mode.Same ? NarrowAll(c, shape.Length - d, k, 1) : Narrow(c, i, d, k, 1);
            if (mode == Mode.Same) break;
        }
        // One element fewer along an aligned dimension (counted from the end), in every input that has it, first or last dropped.
        int rank = c.Shapes.Max(s => s.Length);
        for (int fromEnd = 1; fromEnd <= rank; fromEnd++)
        {
            int size = c.Shapes.Select(s => s.Length >= fromEnd ? s[^fromEnd] : 1).Max();
            if (size <= 1) continue;
            yield return NarrowAll(c, fromEnd, 0, size - 1);
            yield return NarrowAll(c, fromEnd, 1, size - 1);
        }
        // A dimension of size 1 dropped: a leading one per input (broadcast), any one of all inputs (shared shape).
        for (int i = 0; i < n; i++)
        {
            var shape = c.Shapes[i];
            if (shape.Length <= minRank) continue;
            if (mode == Mode.Broadcast)
            {
                if (shape[0] == 1) yield return c with { Shapes = Replace(c.Shapes, i, shape[1..]) };
                continue;
            }
            for (int d = 0; d < shape.Length; d++)
                if (shape[d] == 1) yield return c with { Shapes = [.. c.Shapes.Select(s => (int[])[.. s[..d], .. s[(d + 1)..]])] };
            break;
        }
    }

    /// <summary>Per input: every element to its first simpler value at once; then one element at a time, each simpler value.</summary>
    private static IEnumerable<GradCase> SimplerValues(GradCase c)
    {
        for (int i = 0; i < c.Values.Length; i++)
        {
            var values = c.Values[i];
            var all = values.Select(v => c.Domains[i].Shrink(v).DefaultIfEmpty(v).First()).ToArray();
            if (values.Length > 1 && !all.SequenceEqual(values)) yield return c with { Values = Replace(c.Values, i, all) };
        }
        for (int i = 0; i < c.Values.Length; i++)
            for (int j = 0; j < c.Values[i].Length; j++)
                foreach (var simpler in c.Domains[i].Shrink(c.Values[i][j]))
                {
                    var values = (double[])c.Values[i].Clone();
                    values[j] = simpler;
                    yield return c with { Values = Replace(c.Values, i, values) };
                }
    }

    /// <summary>Every input whose dimension <paramref name="fromEnd"/> (counted from the end) is larger than 1, narrowed there.</summary>
    private static GradCase NarrowAll(GradCase c, int fromEnd, int start, int length)
    {
        for (int i = 0; i < c.Shapes.Length; i++)
        {
            var s = c.Shapes[i];
            if (s.Length >= fromEnd && s[^fromEnd] > 1) c = Narrow(c, i, s.Length - fromEnd, start, length);
        }
        return c;
    }

    /// <summary>Input <paramref name="input"/> narrowed to indices start..start+length−1 along <paramref name="dim"/> (row-major copy).</summary>
    private static GradCase Narrow(GradCase c, int input, int dim, int start, int length)
    {
        var shape = c.Shapes[input];
        var values = c.Values[input];
        int outer = Shapes.Count(shape.AsSpan(0, dim)), inner = Shapes.Count(shape.AsSpan(dim + 1)), size = shape[dim];
        var result = new double[outer * length * inner];
        for (int o = 0; o < outer; o++)
            Array.Copy(values, (o * size + start) * inner, result, o * length * inner, length * inner);
        int[] narrowed = [.. shape];
        narrowed[dim] = length;
        return c with { Shapes = Replace(c.Shapes, input, narrowed), Values = Replace(c.Values, input, result) };
    }

    private static T[] Replace<T>(T[] items, int index, T item)
    {
        var copy = (T[])items.Clone();
        copy[index] = item;
        return copy;
    }
}
