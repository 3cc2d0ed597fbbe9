namespace Autograd.Tests.Core.Autodiff;

/// <summary>
/// GradCheck is the tool users prove their own layers with, so every misuse must end in a clear exception at the call:
/// an f whose output changes size, an f that returns null, nothing to check, and tolerances that are not finite.
/// </summary>
public class GradCheckMisuseTests
{
    private static Tensor Leaf() => Tensor.FromArray([0.5, -1.5], [2], requiresGrad: true);

    /// <summary>x² (2 elements) for the first <paramref name="calls"/> evaluations, then Σx² (1 element).</summary>
    private static Func<Tensor[], Tensor> ShrinksAfter(int calls)
    {
        int n = 0;
        return xs => ++n <= calls ? xs[0] * xs[0] : (xs[0] * xs[0]).Sum();
    }

    /// <summary>x² (2 elements) for the first <paramref name="calls"/> evaluations, then x² broadcast to [3, 2] (6 elements).</summary>
    private static Func<Tensor[], Tensor> GrowsAfter(int calls)
    {
        int n = 0;
        return xs => ++n <= calls ? xs[0] * xs[0] : xs[0] * xs[0] * Tensor.Ones(3, 1);
    }

    [Theory]
    [InlineData(1)]   // changes in the first analytic pass
    [InlineData(2)]   // changes in the second analytic pass
    [InlineData(3)]   // changes in the first finite-difference pass
    [InlineData(4)]   // changes in the second finite-difference pass
    public void AnOutputThatShrinksBetweenEvaluationsIsReportedWithBothSizes(int calls)
    {
        var e = Assert.Throws<InvalidOperationException>(() => GradCheck.Check(ShrinksAfter(calls), [Leaf()]));
        Assert.Contains("from 2 elements", e.Message);
        Assert.Contains("to 1 element", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void AnOutputThatGrowsBetweenEvaluationsIsReportedWithBothSizes(int calls)
    {
        var e = Assert.Throws<InvalidOperationException>(() => GradCheck.Check(GrowsAfter(calls), [Leaf()]));
        Assert.Contains("from 2 elements", e.Message);
        Assert.Contains("to 6 elements", e.Message);
    }

    [Fact]
    public void SecondOrderCheckOfAnFReturningNullSaysSoAsTheFirstOrderCheckDoes()
    {
        var first = Assert.Throws<InvalidOperationException>(() => GradCheck.Check(_ => null!, [Leaf()]));
        var second = Assert.Throws<InvalidOperationException>(() => GradCheck.CheckSecondOrder(_ => null!, [Leaf()]));
        Assert.Contains("returned null", first.Message);
        Assert.Equal(first.Message, second.Message);
    }

    [Fact]
    public void SecondOrderCheckOfAnFThatReturnsNullOnlyLaterSaysSo()
    {
        int n = 0;
        var e = Assert.Throws<InvalidOperationException>(() => GradCheck.CheckSecondOrder(xs => ++n == 1 ? xs[0].Pow(3) : null!, [Leaf()]));
        Assert.Contains("returned null", e.Message);
    }

    public static TheoryData<string, Func<Tensor[], GradCheckResult>> Checks() => new()
    {
        { "Check", xs => GradCheck.Check(t => t[0].Exp(), xs) },
        { "CheckSecondOrder", xs => GradCheck.CheckSecondOrder(t => t[0].Exp(), xs) },
        { "Assert", xs => { GradCheck.Assert(t => t[0].Exp(), xs); return null!; } },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void NoInputRequiringAGradientIsRefused(string name, Func<Tensor[], GradCheckResult> check)
    {
        var none = Assert.Throws<ArgumentException>(() => check([Tensor.FromArray([1.0, 2.0])]));
        Assert.Equal("inputs", none.ParamName);
        Assert.Contains("requires a gradient", none.Message);
        var empty = Assert.Throws<ArgumentException>(() => check([]));
        Assert.Equal("inputs", empty.ParamName);
        Assert.NotNull(name);
    }

    public static TheoryData<string, double> NonFiniteTolerances()
    {
        var data = new TheoryData<string, double>();
        foreach (var name in new[] { "eps", "atol", "rtol" })
            foreach (var value in new[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN })
                data.Add(name, value);
        return data;
    }

    [Theory]
    [MemberData(nameof(NonFiniteTolerances))]
    public void NonFiniteEpsAtolOrRtolIsRefusedByEveryEntryPoint(string name, double value)
    {
        double eps = name == "eps" ? value : 1e-6, atol = name == "atol" ? value : 1e-5, rtol = name == "rtol" ? value : 1e-3;
        Func<Tensor[], Tensor> f = xs => xs[0].Exp();
        var calls = new Action[]
        {
            () => GradCheck.Check(f, [Leaf()], eps, atol, rtol),
            () => GradCheck.Assert(f, [Leaf()], eps, atol, rtol),
            () => GradCheck.CheckSecondOrder(f, [Leaf()], eps, atol, rtol),
        };
        foreach (var call in calls)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Equal(name, e.ParamName);
            Assert.Contains("finite", e.Message);
        }
    }

    [Fact]
    public void AnInfiniteAtolNoLongerPassesAWrongGradient()
    {
        var wrong = Function.Elementwise("WrongExp", Math.Exp, v => 2 * Math.Exp(v));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(xs => wrong.Apply(xs[0]), [Leaf()], atol: double.PositiveInfinity));
        Assert.False(GradCheck.Check(xs => wrong.Apply(xs[0]), [Leaf()]).Passed);
    }

    [Fact]
    public void NegativeAndZeroValuesAreStillRefused()
    {
        Func<Tensor[], Tensor> f = xs => xs[0].Exp();
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(f, [Leaf()], eps: 0)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(f, [Leaf()], eps: -1e-6)).ParamName);
        Assert.Equal("atol", Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(f, [Leaf()], atol: -1)).ParamName);
        Assert.Equal("rtol", Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(f, [Leaf()], rtol: -1)).ParamName);
        Assert.True(GradCheck.Check(f, [Leaf()], atol: 0, rtol: 1e-3).Passed);
    }
}
