namespace Autograd.Testing;

/// <summary>Thrown when GradCheck fails on a random program; the message prints the (shrunk) program as C#. Example: <c>catch (ProgramGradientException e) { Console.WriteLine(e.Program); }</c>.</summary>
public sealed class ProgramGradientException : Exception
{
    /// <summary>Reports <paramref name="program"/> failing with <paramref name="result"/>. Example: <c>throw new ProgramGradientException(p, r)</c>.</summary>
    public ProgramGradientException(RandomProgram program, GradCheckResult result, string? fsCheckReport = null)
        : base($"GradCheck failed on a random program of {(program ?? throw new ArgumentNullException(nameof(program))).Steps.Length} step(s): {program}\n  {result}"
            + (fsCheckReport is null ? "" : "\n" + fsCheckReport))
    {
        Program = program;
        Result = result;
    }

    /// <summary>The failing program. Example: <c>e.Program.Steps.Length</c>.</summary>
    public RandomProgram Program { get; }

    /// <summary>GradCheck's worst entry. Example: <c>e.Result.Analytic</c>.</summary>
    public GradCheckResult Result { get; }
}

/// <summary>
/// Random programs over broadcast operands that mix the built-in ops with your own one-input <see cref="Function"/>s, so a
/// custom op is checked inside expressions (broadcast gradients, reused values, reductions after it), not just alone.
/// A failing program shrinks to the fewest steps. Example: <c>[Property] public Property Mixed() =&gt; Programs.With(new MyOp()).GradientsHold();</c>
/// </summary>
public sealed class Programs
{
    /// <summary>Programs bigger than this in magnitude make central differences meaningless at ε = 1e-6: not checked.</summary>
    private const double Largest = 1e4;

    private readonly Function[] _ops;

    private Programs(Function[] ops) => _ops = ops;

    /// <summary>
    /// Programs in which about one step in three applies one of <paramref name="ops"/> (each takes one tensor and may
    /// return any shape). Example: <c>Programs.With(new StableSoftplus())</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No op given, or an op is null.</exception>
    public static Programs With(params Function[] ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        if (ops.Length == 0) throw new ArgumentException("Programs.With needs at least one op.", nameof(ops));
        for (int i = 0; i < ops.Length; i++)
            if (ops[i] is null) throw new ArgumentException($"Programs.With: op {i} is null.", nameof(ops));
        return new Programs((Function[])ops.Clone());
    }

    /// <summary>The user ops the programs mix in. Example: <c>Programs.With(op).Ops.Count == 1</c>.</summary>
    public IReadOnlyList<Function> Ops => _ops;

    /// <summary>The generator: 2–4 leaves of one broadcast family, 2–8 steps. Example: <c>Programs.With(op).Generator.Sample(10, 3)</c>.</summary>
    public Gen<RandomProgram> Generator =>
        RandomPrograms.ProgramOf(RandomPrograms.StepOf(Gen.Frequency((2, Gen.Elements(RandomPrograms.Kinds)), (1, Gen.Constant(StepKind.Custom)))), _ops);

    /// <summary>The generator with <see cref="RandomPrograms.Shrink"/>: fewest steps first. Example: <c>Prop.ForAll(Programs.With(op).Arbitrary, p =&gt; ...)</c>.</summary>
    public Arbitrary<RandomProgram> Arbitrary => Arb.From(Generator, RandomPrograms.Shrink);

    /// <summary>
    /// A property that GradCheck passes for every program (programs whose value exceeds 10⁴ in magnitude are skipped);
    /// a failure throws <see cref="ProgramGradientException"/> with the program. Example: <c>Programs.With(op).GradientsHold()</c>.
    /// </summary>
    public Property GradientsHold(double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3) =>
        Prop.ForAll(Arbitrary, p => Verify(p, eps, atol, rtol));

    /// <summary>
    /// Runs <see cref="GradientsHold"/> for <paramref name="cases"/> programs and throws <see cref="ProgramGradientException"/>
    /// for the shrunk program if one fails. Example: <c>Programs.With(op).Assert(200)</c>.
    /// </summary>
    public void Assert(int cases = 100, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        if (cases < 1) throw new ArgumentOutOfRangeException(nameof(cases), cases, "cases must be at least 1.");
        ProgramGradientException? last = null;
        var property = Prop.ForAll(Arbitrary, p =>
        {
            try { Verify(p, eps, atol, rtol); }
            catch (ProgramGradientException e) { last = e; throw; }
        });
        try { Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true), property); }
        catch (Exception e) when (last is not null && e is not ProgramGradientException)
        {
            throw new ProgramGradientException(last.Program, last.Result, e.Message);
        }
    }

    private static void Verify(RandomProgram p, double eps, double atol, double rtol)
    {
        double value;
        using (Tensor.NoGrad()) value = p.Run(p.Leaves(requiresGrad: false)).Item();
        if (!(Math.Abs(value) < Largest)) return;
        var result = GradCheck.Check(x => p.Run(x), p.Leaves(), eps, atol, rtol);
        if (!result.Passed) throw new ProgramGradientException(p, result);
    }
}
