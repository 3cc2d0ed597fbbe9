namespace Autograd.Tests.Testing;

/// <summary>
/// A deliberately broken gradient (x², backward off by 1.5 where |x| &gt; 1) must be caught, and the counterexample
/// must shrink from a random tensor of up to 64 elements to a single element holding a simple value.
/// </summary>
public class ShrinkingTests
{
    private static readonly Function Broken = new BrokenOps.SquareOffBeyondOne();
    private static readonly double[] Simple = [2, -2, 1.5, -1.5, 3, -3];

    private static GradPropertyException Failure(Action run) => Assert.Throws<GradPropertyException>(run);

    [Fact]
    public void BrokenGradientShrinksToOneSimpleElement()
    {
        var e = Failure(() => GradProperty.Assert(x => Broken.Apply(x[0]), new GradOptions { Cases = 100 }, Domain.Real(-3, 3)));
        Assert.Equal(1, e.Case.ElementCount);
        Assert.Empty(e.Case.Shapes[0]);                     // rank shrunk to 0
        Assert.Contains(e.Case.Values[0][0], Simple);
        Assert.Equal(1.5 * 2 * e.Case.Values[0][0], e.Result.Analytic, 6);
        Assert.Equal(2 * e.Case.Values[0][0], e.Result.Numeric, 4);
        Assert.Contains("counterexample: input0 [] = ", e.Message);
        Assert.Contains("worst Jacobian entry: d out[0] / d input0[0]", e.Message);
        Assert.Contains("Real(-3, 3)", e.Message);
    }

    [Fact]
    public void KeepsTheRequiredRankWhileShrinking()
    {
        var e = Failure(() => GradProperty.Assert(x => Broken.Apply(x[0]), new GradOptions { Cases = 100, MinRank = 2 }, Domain.Real(-3, 3)));
        Assert.Equal([1, 1], e.Case.Shapes[0]);
        Assert.Contains(e.Case.Values[0][0], Simple);
    }

    [Fact]
    public void BroadcastFamilyShrinksEveryInputToOneElement()
    {
        var options = new GradOptions { Cases = 100, Broadcast = true };
        var e = Failure(() => GradProperty.Assert(x => Broken.Apply(x[0]) * x[1], options, Domain.Real(-3, 3), Domain.Real(0.5, 2)));
        Assert.All(e.Case.Values, v => Assert.Single(v));
        Assert.Contains(e.Case.Values[0][0], Simple);
        Assert.Equal(1.0, e.Case.Values[1][0]);             // the healthy input shrinks to the simplest value of its domain
    }

    [Fact]
    public void SecondOrderFailureIsReportedAsSuch()
    {
        var e = Failure(() => GradProperty.Assert(x => BrokenOps.FirstOrderOnlySquare.Apply(x[0]), new GradOptions { Cases = 20, SecondOrder = true }, Domain.Real(-2, 2)));
        Assert.True(e.SecondOrder);
        Assert.Equal(1, e.Case.ElementCount);
        Assert.Equal(0.0, e.Case.Values[0][0]);
        Assert.Contains("second order", e.Message);
        // First order alone passes.
        GradProperty.Assert(x => BrokenOps.FirstOrderOnlySquare.Apply(x[0]), new GradOptions { Cases = 20 }, Domain.Real(-2, 2));
    }

    [Fact]
    public void HoldsReportsTheShrunkCounterexampleThroughFsCheck()
    {
        var property = GradProperty.Holds(x => Broken.Apply(x[0]), Domain.Real(-3, 3));
        var e = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), property));
        Assert.Contains("Shrunk", e.Message);
        Assert.Contains("input0 [] = ", e.Message);
        Assert.Contains("worst Jacobian entry", e.Message);
    }

    [Fact]
    public void RandomProgramWithABrokenOpShrinksToAFewStepsAroundIt()
    {
        // Often one step, the broken op on a leaf. Shrinking removes a step only while the program still fails without
        // it, so a step that carries a value past |x| > 1 (an AddScalar of −1 before the op), or one that turns the op's
        // error into a failing output (a MulScalar after it), may stay beside it: random draws shrank to 1–3 steps.
        var e = Assert.Throws<ProgramGradientException>(() => Programs.With(Broken).Assert(cases: 200));
        Assert.InRange(e.Program.Steps.Length, 1, 3);
        Assert.Contains(e.Program.Steps, s => s.Kind == StepKind.Custom);
        Assert.Contains("SquareOffBeyondOne(", e.Message);
    }
}
