using System.Globalization;
using System.Text;

namespace Autograd.Testing;

/// <summary>The primitive steps a random program is built from.</summary>
public enum StepKind
{
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a − b.</summary>
    Sub,
    /// <summary>a ⊙ b.</summary>
    Mul,
    /// <summary>a / (b·b + 1): a division whose divisor stays away from 0 and keeps b's (broadcast) shape.</summary>
    Div,
    /// <summary>−a.</summary>
    Neg,
    /// <summary>eᵃ.</summary>
    Exp,
    /// <summary>tanh a.</summary>
    Tanh,
    /// <summary>σ(a).</summary>
    Sigmoid,
    /// <summary>a · s.</summary>
    MulScalar,
    /// <summary>s · a.</summary>
    ScalarMul,
    /// <summary>a + s.</summary>
    AddScalar,
    /// <summary>s + a.</summary>
    ScalarAdd,
    /// <summary>a − s.</summary>
    SubScalar,
    /// <summary>s − a.</summary>
    ScalarSub,
    /// <summary>Σ along a dimension, with or without keepDim.</summary>
    SumDim,
    /// <summary>Mean of all elements.</summary>
    Mean,
    /// <summary>Mean along a dimension.</summary>
    MeanDim,
    /// <summary>a².</summary>
    Square,
    /// <summary>sin a.</summary>
    Sin,
    /// <summary>cos a.</summary>
    Cos,
    /// <summary>log(1 + a²): Log1p on a domain where it is smooth.</summary>
    Log1pSquare,
    /// <summary>eᵃ − 1.</summary>
    Expm1,
    /// <summary>A new dimension of size 1 at a dimension.</summary>
    Unsqueeze,
    /// <summary>Every dimension of size 1 dropped.</summary>
    Squeeze,
    /// <summary>Two dimensions swapped (the dimension and the first one).</summary>
    TransposeDims,
    /// <summary>Every dimension from 0 on flattened into one.</summary>
    Flatten,
    /// <summary>The last element dropped along a dimension (all of it when the size is 1).</summary>
    Narrow,
    /// <summary>The last index along a dimension, that dimension dropped.</summary>
    Select,
    /// <summary>a joined with its own first slice along a dimension: two paths into the same elements.</summary>
    CatSelf,
    /// <summary>a and a² stacked along a new dimension.</summary>
    Stack,
    /// <summary>The last, first and last indices along a dimension: a repeated index adds up gradients.</summary>
    IndexSelect,
    /// <summary>Biased variance along a dimension.</summary>
    VarDim,
    /// <summary>log Σ eᵃ along a dimension.</summary>
    LogSumExpDim,
    /// <summary>Product of all elements.</summary>
    Prod,
    /// <summary>One of the user's own ops (<see cref="Programs.With"/>), <see cref="Step.Op"/> picking which; −a when there are none.</summary>
    Custom,
}

/// <summary>How a program turns its last value into a scalar: the ways a user ends a program before Backward.</summary>
public enum Ending
{
    /// <summary>v.Sum().</summary>
    Sum,
    /// <summary>v.Mean().</summary>
    Mean,
    /// <summary>(v ⊙ w).Sum() for fixed weights w of v's shape.</summary>
    WeightedSum,
}

/// <summary>
/// One step: <see cref="Kind"/> applied to earlier values picked by <see cref="A"/> and <see cref="B"/> (taken modulo the
/// number of values so far, so removing any step leaves a valid program), with scalar <see cref="S"/>, dimension
/// <see cref="Dim"/> (modulo the operand's rank) and <see cref="KeepDim"/> where the kind uses them; <see cref="Op"/> picks a
/// user op (modulo their number) for <see cref="StepKind.Custom"/>.
/// </summary>
/// <remarks>For a binary kind, a b whose shape no longer broadcasts with a's (after a reduction) enters as b.Sum().</remarks>
public sealed record Step(StepKind Kind, int A, int B, double S, int Dim, bool KeepDim, int Op = 0);

/// <summary>
/// A random program: leaves of shapes from one broadcast family, a list of steps, and an ending. Every leaf requires a
/// gradient; <see cref="Values"/> holds enough numbers for the largest shape of the family, each leaf takes a prefix.
/// <see cref="Ops"/> are the user's own one-input ops that <see cref="StepKind.Custom"/> steps apply.
/// </summary>
public sealed record RandomProgram(int[][] LeafShapes, double[][] Values, Step[] Steps, Ending Ending, IReadOnlyList<Function>? Ops = null)
{
    /// <summary>Fresh leaf tensors (new each call, so every run of the program starts from the same state).</summary>
    public Tensor[] Leaves(bool requiresGrad = true) =>
        [.. LeafShapes.Select((s, i) => Tensor.FromArray(Values[i][..Shapes.Count(s)], s, requiresGrad))];

    /// <summary>Runs the program on <paramref name="leaves"/> and returns the scalar it ends with.</summary>
    public Tensor Run(Tensor[] leaves) => Run(leaves, null);

    /// <summary>Runs the program; with <paramref name="text"/>, also writes each step as C# (operands named x0…, v…).</summary>
    private Tensor Run(Tensor[] leaves, StringBuilder? text)
    {
        var values = new List<(Tensor Value, string Name)>(leaves.Select((l, i) => (l, $"x{i}")));
        foreach (var step in Steps)
        {
            var (value, expr) = step.Kind == StepKind.Custom ? ApplyCustom(step, values) : Apply(step, values);
            values.Add((value, $"v{values.Count}"));
            text?.Append($"{values[^1].Name} = {expr}; ");
        }
        var (last, name) = values[^1];
        text?.Append(Ending == Ending.WeightedSum ? $"({name} * w).Sum()" : $"{name}.{Ending}()");
        return Ending switch
        {
            Ending.Sum => last.Sum(),
            Ending.Mean => last.Mean(),
            _ => (last * Weights(last.Shape)).Sum(),
        };
    }

    private static Tensor Weights(int[] shape)
    {
        var w = new double[Shapes.Count(shape)];
        for (int i = 0; i < w.Length; i++) w[i] = 0.5 + 0.25 * (i % 5);
        return Tensor.FromArray(w, shape);
    }

    /// <summary>A user op applied to the step's first operand (−a when the program has no user ops).</summary>
    private (Tensor Value, string Text) ApplyCustom(Step step, List<(Tensor Value, string Name)> values)
    {
        var (a, an) = values[step.A % values.Count];
        if (Ops is not { Count: > 0 } ops) return (-a, $"-{an}");
        var op = ops[step.Op % ops.Count];
        return (op.Apply(a), $"{op.Name}({an})");
    }

    /// <summary>One step's value, and the step as C#.</summary>
    private static (Tensor Value, string Text) Apply(Step step, List<(Tensor Value, string Name)> values)
    {
        var (a, an) = values[step.A % values.Count];
        var (b, bn) = values[step.B % values.Count];
        // A reduction without keepDim can leave two values that no longer broadcast together: then b enters as its sum.
        if (!Broadcastable(a.Shape, b.Shape)) (b, bn) = (b.Sum(), $"{bn}.Sum()");
        int rank = Math.Max(a.Rank, 1);
        int dim = step.Dim % rank - (step.Dim % 2 == 1 ? rank : 0);   // odd picks count from the end
        double s = step.S;
        string c = s.ToString("R", CultureInfo.InvariantCulture);
        return step.Kind switch
        {
            StepKind.Add => (a + b, $"{an} + {bn}"),
            StepKind.Sub => (a - b, $"{an} - {bn}"),
            StepKind.Mul => (a * b, $"{an} * {bn}"),
            StepKind.Div => (a / (b * b + 1.0), $"{an} / ({bn} * {bn} + 1)"),
            StepKind.Neg => (-a, $"-{an}"),
            StepKind.Exp => (a.Exp(), $"{an}.Exp()"),
            StepKind.Tanh => (a.Tanh(), $"{an}.Tanh()"),
            StepKind.Sigmoid => (a.Sigmoid(), $"{an}.Sigmoid()"),
            StepKind.MulScalar => (a * s, $"{an} * {c}"),
            StepKind.ScalarMul => (s * a, $"{c} * {an}"),
            StepKind.AddScalar => (a + s, $"{an} + {c}"),
            StepKind.ScalarAdd => (s + a, $"{c} + {an}"),
            StepKind.SubScalar => (a - s, $"{an} - {c}"),
            StepKind.ScalarSub => (s - a, $"{c} - {an}"),
            StepKind.SumDim => (a.Sum(dim, step.KeepDim), $"{an}.Sum({dim}, keepDim: {step.KeepDim})"),
            StepKind.Mean => (a.Mean(), $"{an}.Mean()"),
            StepKind.MeanDim => (a.Mean(dim, step.KeepDim), $"{an}.Mean({dim}, keepDim: {step.KeepDim})"),
            _ => ApplyShaped(step, a, an, dim),
        };
    }

    /// <summary>The steps of the shape, indexing and joining vocabulary; on a 0-d operand those that need a dimension pass it on.</summary>
    private static (Tensor Value, string Text) ApplyShaped(Step step, Tensor a, string an, int dim)
    {
        int size = a.Rank == 0 ? 1 : a.Shape[dim < 0 ? dim + a.Rank : dim];
        int newDim = step.Dim % (a.Rank + 1) - (step.Dim % 2 == 1 ? a.Rank + 1 : 0);
        if (a.Rank == 0 && step.Kind is StepKind.TransposeDims or StepKind.Narrow or StepKind.Select or StepKind.CatSelf or StepKind.IndexSelect)
            return (a, an);
        return step.Kind switch
        {
            StepKind.Square => (a.Square(), $"{an}.Square()"),
            StepKind.Sin => (a.Sin(), $"{an}.Sin()"),
            StepKind.Cos => (a.Cos(), $"{an}.Cos()"),
            StepKind.Log1pSquare => ((a * a).Log1p(), $"({an} * {an}).Log1p()"),
            StepKind.Expm1 => (a.Expm1(), $"{an}.Expm1()"),
            StepKind.Unsqueeze => (a.Unsqueeze(newDim), $"{an}.Unsqueeze({newDim})"),
            StepKind.Squeeze => (a.Squeeze(), $"{an}.Squeeze()"),
            StepKind.TransposeDims => (a.Transpose(dim, 0), $"{an}.Transpose({dim}, 0)"),
            StepKind.Flatten => (a.Flatten(), $"{an}.Flatten()"),
            StepKind.Narrow => (a.Narrow(dim, 0, Math.Max(size - 1, 1)), $"{an}.Narrow({dim}, 0, {Math.Max(size - 1, 1)})"),
            StepKind.Select => (a.Select(dim, -1), $"{an}.Select({dim}, -1)"),
            StepKind.CatSelf => (Tensor.Cat([a, a.Narrow(dim, 0, 1)], dim), $"Cat([{an}, {an}.Narrow({dim}, 0, 1)], {dim})"),
            StepKind.Stack => (Tensor.Stack([a, a * a], newDim), $"Stack([{an}, {an} * {an}], {newDim})"),
            StepKind.IndexSelect => (a.IndexSelect(dim, [size - 1, 0, size - 1]), $"{an}.IndexSelect({dim}, [{size - 1}, 0, {size - 1}])"),
            StepKind.VarDim => (a.Var(dim, unbiased: false, keepDim: step.KeepDim), $"{an}.Var({dim}, unbiased: false, keepDim: {step.KeepDim})"),
            StepKind.LogSumExpDim => (a.LogSumExp(dim, step.KeepDim), $"{an}.LogSumExp({dim}, keepDim: {step.KeepDim})"),
            _ => (a.Prod(), $"{an}.Prod()"),
        };
    }

    private static bool Broadcastable(int[] a, int[] b)
    {
        for (int i = 1; i <= Math.Min(a.Length, b.Length); i++)
            if (a[^i] != b[^i] && a[^i] != 1 && b[^i] != 1) return false;
        return true;
    }

    /// <summary>The program as readable C#, with its leaves' values (it runs the program, without recording, to write it).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (int i = 0; i < LeafShapes.Length; i++)
        {
            var shown = string.Join(", ", Values[i][..Shapes.Count(LeafShapes[i])].Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            text.Append(CultureInfo.InvariantCulture, $"x{i} = FromArray([{shown}], [{string.Join(", ", LeafShapes[i])}]); ");
        }
        using (Tensor.NoGrad()) Run(Leaves(requiresGrad: false), text);
        return text.ToString();
    }
}

/// <summary>
/// Generates and shrinks <see cref="RandomProgram"/>s: 2–4 leaves whose shapes are drawn from one broadcast family
/// (<c>[]</c>, <c>[1]</c>, <c>[n]</c>, <c>[m, 1]</c>, <c>[1, n]</c>, <c>[m, n]</c> and rank-3 shapes with ones), 2–8 steps.
/// A failing program shrinks to fewer steps, fewer and smaller leaves, a plain <c>Sum()</c> ending and simple values.
/// </summary>
public static class RandomPrograms
{
    /// <summary>The shapes of the family for sizes k, m, n: all broadcast together to [k, m, n].</summary>
    public static int[][] Family(int k, int m, int n) =>
        [[], [1], [n], [m, 1], [1, n], [m, n], [k, 1, 1], [1, m, 1], [k, 1, n], [k, m, n]];

    /// <summary>The built-in step kinds (every kind but <see cref="StepKind.Custom"/>).</summary>
    internal static readonly StepKind[] Kinds = [.. Enum.GetValues<StepKind>().Where(k => k != StepKind.Custom)];

    private static Gen<Step> StepGen => StepOf(Gen.Elements(Kinds));

    /// <summary>Steps of the kinds <paramref name="kinds"/> draws, with random operands, scalar, dimension and user op.</summary>
    internal static Gen<Step> StepOf(Gen<StepKind> kinds) =>
        from kind in kinds
        from a in Gen.Choose(0, 64)
        from b in Gen.Choose(0, 64)
        from s in Gen.Elements(-2.0, -1.0, -0.5, 0.5, 1.5, 2.0, 3.0)
        from dim in Gen.Choose(0, 5)
        from keep in Gen.Elements(true, false)
        from op in Gen.Choose(0, 64)
        select new Step(kind, a, b, s, dim, keep, op);

    /// <summary>Random programs as described above.</summary>
    public static Gen<RandomProgram> Program => ProgramOf(StepGen, null);

    /// <summary>Random programs whose steps <paramref name="steps"/> draws, carrying the user ops <paramref name="ops"/>.</summary>
    internal static Gen<RandomProgram> ProgramOf(Gen<Step> steps, IReadOnlyList<Function>? ops) =>
        from k in Gen.Choose(2, 3)
        from m in Gen.Choose(2, 3)
        from n in Gen.Choose(2, 4)
        let family = Family(k, m, n)
        from leafCount in Gen.Choose(2, 4)
        from shapes in Gen.Elements(family).ArrayOf(leafCount)
        from values in TensorGen.Values(k * m * n, -1.5, 1.5).ArrayOf(leafCount)
        from stepCount in Gen.Choose(2, 8)
        from drawn in steps.ArrayOf(stepCount)
        from ending in Gen.Elements(Ending.Sum, Ending.Mean, Ending.WeightedSum)
        select new RandomProgram(shapes, values, drawn, ending, ops);

    /// <summary>Random programs with the shrinker below.</summary>
    public static Arbitrary<RandomProgram> Arbitrary => Arb.From(Program, Shrink);

    /// <summary>
    /// Smaller variants of <paramref name="p"/>, simplest first: only the values the result depends on, one value
    /// (leaf or step) fewer with its uses rewired to its first operand, a plain Sum() ending, smaller leaf shapes, all-one values.
    /// </summary>
    public static IEnumerable<RandomProgram> Shrink(RandomProgram p)
    {
        p = Resolved(p);
        var live = Live(p);
        if (live.Contains(false)) yield return Without(p, live);
        int leaves = p.LeafShapes.Length;
        for (int v = leaves + p.Steps.Length - 2; v >= 0; v--)
            if (v >= leaves ? p.Steps.Length > 1 : leaves > 1)
                yield return Without(p, [.. Enumerable.Range(0, leaves + p.Steps.Length).Select(i => i != v)]);
        if (p.Ending != Ending.Sum) yield return p with { Ending = Ending.Sum };
        for (int i = 0; i < leaves; i++)
            foreach (var smaller in SmallerShapes(p.LeafShapes[i]))
                yield return p with { LeafShapes = [.. p.LeafShapes[..i], smaller, .. p.LeafShapes[(i + 1)..]] };
        for (int i = 0; i < leaves; i++)
            if (p.Values[i].Any(v => v != 1.0))
                yield return p with { Values = [.. p.Values[..i], [.. p.Values[i].Select(_ => 1.0)], .. p.Values[(i + 1)..]] };
    }

    /// <summary>The same program with every operand index taken modulo the number of values before its step.</summary>
    private static RandomProgram Resolved(RandomProgram p) => p with
    {
        Steps = [.. p.Steps.Select((s, i) => s with { A = s.A % (p.LeafShapes.Length + i), B = s.B % (p.LeafShapes.Length + i) })],
    };

    /// <summary>Which values (leaves, then steps) the last value depends on, for a resolved program.</summary>
    private static bool[] Live(RandomProgram p)
    {
        int leaves = p.LeafShapes.Length;
        var live = new bool[leaves + p.Steps.Length];
        live[^1] = true;
        for (int v = live.Length - 1; v >= leaves; v--)
            if (live[v])
            {
                var s = p.Steps[v - leaves];
                live[s.A] = true;
                if (UsesB(s.Kind)) live[s.B] = true;
            }
        return live;
    }

    private static bool UsesB(StepKind kind) => kind is StepKind.Add or StepKind.Sub or StepKind.Mul or StepKind.Div;

    /// <summary>
    /// The resolved program with only the values marked in <paramref name="keep"/> (the last value always stays). A use of
    /// a dropped step becomes a use of that step's first operand; a use of a dropped leaf, a use of the first kept leaf.
    /// </summary>
    private static RandomProgram Without(RandomProgram p, bool[] keep)
    {
        int leaves = p.LeafShapes.Length;
        int firstLeaf = Array.IndexOf(keep, true);
        if (firstLeaf < 0 || firstLeaf >= leaves) firstLeaf = 0;
        var newIndex = new int[keep.Length];
        var steps = new List<Step>();
        int count = 0;
        for (int v = 0; v < keep.Length; v++)
        {
            bool kept = keep[v] || v == keep.Length - 1 || (v == firstLeaf && v < leaves);
            if (v < leaves) newIndex[v] = kept ? count++ : -1;
            else
            {
                var s = p.Steps[v - leaves];
                var rewired = s with { A = Map(s.A), B = Map(s.B) };
                if (kept) { steps.Add(rewired); newIndex[v] = count++; }
                else newIndex[v] = rewired.A;
            }
        }
        int Map(int old) => newIndex[old] >= 0 ? newIndex[old] : newIndex[firstLeaf];
        var keptLeaves = Enumerable.Range(0, leaves).Where(i => newIndex[i] >= 0).ToArray();
        if (steps.Count == 0) steps.Add(new Step(StepKind.Neg, 0, 0, 0, 0, false));
        return new RandomProgram([.. keptLeaves.Select(i => p.LeafShapes[i])], [.. keptLeaves.Select(i => p.Values[i])], [.. steps], p.Ending, p.Ops);
    }

    /// <summary>Shapes of the same family with fewer elements: [] first, then each non-1 dimension set to 1, then rank dropped.</summary>
    private static IEnumerable<int[]> SmallerShapes(int[] shape)
    {
        if (shape.Length == 0) yield break;
        yield return [];
        for (int d = 0; d < shape.Length; d++)
            if (shape[d] != 1) yield return [.. shape[..d], 1, .. shape[(d + 1)..]];
        yield return shape[1..];
    }
}
