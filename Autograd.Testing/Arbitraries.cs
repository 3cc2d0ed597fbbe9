namespace Autograd.Testing;

/// <summary>
/// FsCheck arbitraries (generator + shrinker) for shapes, broadcast families, tensors and whole gradient cases. A failing
/// property shrinks to fewer dimensions, smaller dimensions and simple values (0, 1, small integers) inside the domain.
/// Example: <c>Prop.ForAll(Arbitraries.Tensor(Domain.Real(-2, 2)), x =&gt; GradCheck.Check(t =&gt; t[0].Tanh(), [x]).Passed)</c>.
/// </summary>
public static class Arbitraries
{
    /// <summary>
    /// Shapes of rank <paramref name="minRank"/>..<paramref name="maxRank"/> with dimensions 1..<paramref name="maxDim"/>,
    /// shrinking toward fewer dimensions (never below <paramref name="minRank"/>) and dimensions of 1.
    /// Example: <c>Arbitraries.Shape(minRank: 2)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The ranks are not 0 ≤ minRank ≤ maxRank, or maxDim &lt; 1.</exception>
    public static Arbitrary<int[]> Shape(int minRank = 0, int maxRank = 3, int maxDim = 4)
    {
        var options = new GradOptions { MinRank = minRank, MaxRank = maxRank, MaxDim = maxDim };
        options.Validate(1);
        return Arb.From(ShapeGen(minRank, maxRank, maxDim), s =>
            CaseShrinker.Shrink(Blank([s]), CaseShrinker.Mode.Same, minRank).Select(c => c.Shapes[0]).Where(t => !t.SequenceEqual(s)).Distinct(ShapeComparer.Instance));
    }

    /// <summary>
    /// <paramref name="count"/> (2–4) shapes that broadcast together, taken from one full shape (each keeps a suffix of its
    /// dimensions, some replaced by 1), shrinking while they still broadcast. Example: <c>Arbitraries.BroadcastShapes(2)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">count is not 2–4, the ranks are not 0 ≤ minRank ≤ maxRank, or maxDim &lt; 1.</exception>
    public static Arbitrary<int[][]> BroadcastShapes(int count, int minRank = 0, int maxRank = 3, int maxDim = 4)
    {
        if (count is < 2 or > 4) throw new ArgumentOutOfRangeException(nameof(count), count, "A broadcast family has 2 to 4 shapes.");
        new GradOptions { MinRank = minRank, MaxRank = maxRank, MaxDim = maxDim }.Validate(count);
        return Arb.From(FamilyGen(count, minRank, maxRank, maxDim), f =>
            CaseShrinker.Shrink(Blank(f), CaseShrinker.Mode.Broadcast, minRank).Select(c => c.Shapes).Where(s => !Same(s, f)).Distinct(FamilyComparer.Instance));
    }

    /// <summary>
    /// Tensors of <paramref name="shape"/> with values in <paramref name="domain"/>, shrinking each value toward simple values.
    /// Example: <c>Arbitraries.Tensor([2, 3], Domain.Positive)</c>.
    /// </summary>
    public static Arbitrary<Tensor> Tensor(int[] shape, Domain domain)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(domain);
        return Cases(new GradOptions { Shapes = [shape] }, [domain]).Convert(c => c.ToTensors()[0], t => Of(t, domain));
    }

    /// <summary>
    /// Tensors of random shape (as <see cref="Shape"/>) with values in <paramref name="domain"/>; a failing tensor shrinks
    /// to fewer and smaller dimensions, keeping the elements that fail, then to simple values.
    /// Example: <c>Arbitraries.Tensor(Domain.AwayFrom([0], 0.1), maxRank: 2)</c>.
    /// </summary>
    public static Arbitrary<Tensor> Tensor(Domain domain, int minRank = 0, int maxRank = 3, int maxDim = 4)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Cases(new GradOptions { MinRank = minRank, MaxRank = maxRank, MaxDim = maxDim }, [domain]).Convert(c => c.ToTensors()[0], t => Of(t, domain));
    }

    /// <summary>
    /// Whole gradient cases, one input per domain, shapes as <paramref name="options"/> say (fixed, shared or a broadcast
    /// family), with the shrinker of <see cref="GradProperty"/>. Example: <c>Arbitraries.Cases(new GradOptions(), [Domain.Positive])</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No domain, or options inconsistent with the number of domains.</exception>
    public static Arbitrary<GradCase> Cases(GradOptions options, Domain[] domains)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(domains);
        foreach (var d in domains) ArgumentNullException.ThrowIfNull(d, nameof(domains));
        options.Validate(domains.Length);
        var mode = options.Shapes is not null ? CaseShrinker.Mode.Fixed : options.Broadcast && domains.Length > 1 ? CaseShrinker.Mode.Broadcast : CaseShrinker.Mode.Same;
        var shapes = mode switch
        {
            CaseShrinker.Mode.Fixed => Gen.Constant(options.Shapes!.Select(s => (int[])s.Clone()).ToArray()),
            CaseShrinker.Mode.Broadcast => FamilyGen(domains.Length, options.MinRank, options.MaxRank, options.MaxDim),
            _ => ShapeGen(options.MinRank, options.MaxRank, options.MaxDim).Select(s => domains.Select(_ => (int[])s.Clone()).ToArray()),
        };
        var cases = shapes.SelectMany(ss => ValuesGen(ss, domains).Select(vs => new GradCase(ss, vs, (Domain[])domains.Clone())));
        return Arb.From(cases, c => CaseShrinker.Shrink(c, mode, options.MinRank));
    }

    private static Gen<double[][]> ValuesGen(int[][] shapes, Domain[] domains)
    {
        Gen<double[][]> all = Gen.Constant(Array.Empty<double[]>());
        for (int i = shapes.Length - 1; i >= 0; i--)
        {
            var one = domains[i].Values.ArrayOf(Shapes.Count(shapes[i]));
            var rest = all;
            all = one.SelectMany(v => rest.Select(r => (double[][])[v, .. r]));
        }
        return all;
    }

    private static Gen<int[]> ShapeGen(int minRank, int maxRank, int maxDim) =>
        Gen.Choose(minRank, maxRank).SelectMany(rank => Gen.Choose(1, maxDim).ArrayOf(rank));

    private static Gen<int[][]> FamilyGen(int count, int minRank, int maxRank, int maxDim) =>
        ShapeGen(minRank, maxRank, maxDim).SelectMany(full => Operand(full, minRank).ArrayOf(count));

    private static Gen<int[]> Operand(int[] full, int minRank) =>
        from keep in Gen.Choose(minRank, full.Length)
        from ones in Gen.Elements(true, false).ArrayOf(full.Length)
        select full[(full.Length - keep)..].Select((d, i) => ones[i] ? 1 : d).ToArray();

    private static GradCase Blank(int[][] shapes) =>
        new(shapes, [.. shapes.Select(s => new double[Shapes.Count(s)])], [.. shapes.Select(_ => Domain.Real(0, 0))]);

    private static GradCase Of(Tensor t, Domain domain) => new([t.Shape], [t.ToArray()], [domain]);

    private static bool Same(int[][] a, int[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.SequenceEqual(p.Second));

    private sealed class ShapeComparer : IEqualityComparer<int[]>
    {
        public static readonly ShapeComparer Instance = new();
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(int[] s) => s.Aggregate(s.Length, HashCode.Combine);
    }

    private sealed class FamilyComparer : IEqualityComparer<int[][]>
    {
        public static readonly FamilyComparer Instance = new();
        public bool Equals(int[][]? x, int[][]? y) => Same(x!, y!);
        public int GetHashCode(int[][] f) => f.Aggregate(f.Length, (h, s) => HashCode.Combine(h, ShapeComparer.Instance.GetHashCode(s)));
    }
}
