using System.Globalization;

namespace Autograd.Testing;

/// <summary>
/// Thrown when a gradient property fails: carries the (shrunk, when FsCheck has finished shrinking) counterexample, the
/// worst Jacobian entry and which order failed; its message is the readable report.
/// Example: <c>catch (GradPropertyException e) { Console.WriteLine(e.Case); }</c>.
/// </summary>
public sealed class GradPropertyException : Exception
{
    /// <summary>Builds the report for <paramref name="gradCase"/> failing with <paramref name="result"/>. Example: <c>throw new GradPropertyException(c, r, false)</c>.</summary>
    public GradPropertyException(GradCase gradCase, GradCheckResult result, bool secondOrder, string? fsCheckReport = null)
        : base(Report(gradCase, result, secondOrder, fsCheckReport))
    {
        Case = gradCase;
        Result = result;
        SecondOrder = secondOrder;
    }

    /// <summary>The failing inputs. Example: <c>e.Case.Shapes</c>.</summary>
    public GradCase Case { get; }

    /// <summary>GradCheck's worst entry: analytic versus numeric, with its indices. Example: <c>e.Result.Analytic</c>.</summary>
    public GradCheckResult Result { get; }

    /// <summary>Whether the second-order check (of the gradient itself) failed. Example: <c>e.SecondOrder</c>.</summary>
    public bool SecondOrder { get; }

    private static string Report(GradCase c, GradCheckResult r, bool secondOrder, string? fsCheck)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(r);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"""
            Gradient property failed ({(secondOrder ? "second order: the gradient of Σ ∂f/∂x" : "first order")}).
              counterexample: {c}
              shapes: {string.Join(", ", c.Shapes.Select(s => Shapes.Format(s)))}; domains: {string.Join(", ", c.Domains.Select(d => d.Name))}
              worst Jacobian entry: d out[{r.OutputIndex}] / d input{r.InputIndex}[{r.ElementIndex}]: analytic {r.Analytic:R}, numeric {r.Numeric:R} (excess over tolerance {r.Excess:G3})
            """);
        return fsCheck is null ? text : text + "\n" + fsCheck;
    }
}

/// <summary>
/// Gradient properties: GradCheck (and optionally gradgradcheck) over generated shapes and values, with shrinking, so
/// a failure is reported on the smallest, simplest input that still fails.
/// Example: <c>[Property] public Property TanhGrad() =&gt; GradProperty.Holds(x =&gt; x[0].Tanh(), Domain.Real(-3, 3));</c>
/// </summary>
public static class GradProperty
{
    /// <summary>
    /// A property that f's gradient matches central differences for inputs drawn from <paramref name="inputs"/> (one
    /// domain per input, all of one random shape). Example: <c>GradProperty.Holds(x =&gt; x[0] * x[1], Domain.Real(-2, 2), Domain.Real(-2, 2))</c>.
    /// </summary>
    public static Property Holds(Func<Tensor[], Tensor> f, params Domain[] inputs) => Holds(f, new GradOptions(), inputs);

    /// <summary>
    /// As <see cref="Holds(Func{Tensor[], Tensor}, Domain[])"/>, with gradgradcheck as well when <paramref name="secondOrder"/>.
    /// Example: <c>GradProperty.Holds(x =&gt; x[0].Exp(), secondOrder: true, Domain.Real(-2, 2))</c>.
    /// </summary>
    public static Property Holds(Func<Tensor[], Tensor> f, bool secondOrder, params Domain[] inputs) =>
        Holds(f, new GradOptions { SecondOrder = secondOrder }, inputs);

    /// <summary>
    /// As <see cref="Holds(Func{Tensor[], Tensor}, Domain[])"/>, shapes and tolerances from <paramref name="options"/>; the
    /// number of cases is the runner's (<c>[Property(MaxTest = 30)]</c>). On failure it throws a
    /// <see cref="GradPropertyException"/> whose message reports the shrunk input, the worst Jacobian entry and the shapes.
    /// Example: <c>GradProperty.Holds(x =&gt; x[0] + x[1], new GradOptions { Broadcast = true }, Domain.Real(-1, 1), Domain.Real(-1, 1))</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No domain, or options inconsistent with the number of domains.</exception>
    public static Property Holds(Func<Tensor[], Tensor> f, GradOptions options, params Domain[] inputs)
    {
        ArgumentNullException.ThrowIfNull(f);
        var arbitrary = Arbitraries.Cases(options, inputs);
        return Prop.ForAll(arbitrary, c => Verify(f, c, options));
    }

    /// <summary>
    /// Runs the property for <see cref="GradOptions.Cases"/> cases and throws <see cref="GradPropertyException"/> for the
    /// shrunk counterexample (FsCheck's own report appended) if any case fails; for tests outside a [Property].
    /// Example: <c>GradProperty.Assert(x =&gt; x[0].Sin(), new GradOptions { Cases = 50 }, Domain.Real(-3, 3))</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No domain, or options inconsistent with the number of domains.</exception>
    public static void Assert(Func<Tensor[], Tensor> f, GradOptions options, params Domain[] inputs)
    {
        ArgumentNullException.ThrowIfNull(f);
        var arbitrary = Arbitraries.Cases(options, inputs);
        // The last failure seen is the shrunk one: FsCheck stops once every smaller variant of it passes.
        GradPropertyException? last = null;
        var property = Prop.ForAll(arbitrary, c =>
        {
            try { Verify(f, c, options); }
            catch (GradPropertyException e) { last = e; throw; }
        });
        try { Check.One(Config.QuickThrowOnFailure.WithMaxTest(options.Cases).WithQuietOnSuccess(true), property); }
        catch (Exception e) when (last is not null && e is not GradPropertyException)
        {
            throw new GradPropertyException(last.Case, last.Result, last.SecondOrder, e.Message);
        }
    }

    /// <summary>GradCheck of f at one case (first order, then second when asked); throws the report when it fails.</summary>
    private static void Verify(Func<Tensor[], Tensor> f, GradCase c, GradOptions options)
    {
        if (!c.Domains.Any(d => d.IsDifferentiable))
            throw new ArgumentException("GradProperty: every input domain is Counts, so no input is differentiated; give at least one differentiable domain.");
        var first = GradCheck.Check(f, c.ToTensors(), options.Eps, options.Atol, options.Rtol);
        if (!first.Passed) throw new GradPropertyException(c, first, false);
        if (!options.SecondOrder) return;
        var second = GradCheck.CheckSecondOrder(f, c.ToTensors(), options.Eps, options.Atol, options.Rtol);
        if (!second.Passed) throw new GradPropertyException(c, second, true);
    }
}
