using System.Runtime.CompilerServices;

namespace Autograd.Tests.Reliability;

/// <summary>
/// Anomaly detection (<see cref="Tensor.DetectAnomaly"/>): a backward rule that produces NaN or infinity throws
/// <see cref="AnomalyException"/> naming the op and the forward code that recorded it; outside the mode the same
/// computation quietly follows IEEE arithmetic.
/// </summary>
public sealed class AnomalyDetectionTests
{
    private const string ThisFile = "AnomalyDetectionTests.cs";

    [Fact]
    public void SqrtAtZeroNamesSqrtAndTheForwardMethodThatRecordedIt()
    {
        var x = Tensor.FromArray([0.0, 4.0], requiresGrad: true);
        using (Tensor.DetectAnomaly())
        {
            var y = SumOfSquareRoots(x);

            var e = Assert.Throws<AnomalyException>(() => y.Backward());

            Assert.Equal("Sqrt", e.OpName);
            Assert.Contains(nameof(SumOfSquareRoots), e.ForwardTrace);
            Assert.Contains(ThisFile, e.ForwardTrace);
            Assert.Contains("'Sqrt'", e.Message);
            Assert.Contains(nameof(SumOfSquareRoots), e.Message);
        }
        Assert.Null(x.Grad);
    }

    [Fact]
    public void LogOfZeroNamesLogAndTheTestThatRecordedIt()
    {
        var x = Tensor.FromArray([0.0, 1.0], requiresGrad: true);
        using var anomaly = Tensor.DetectAnomaly();
        var y = x.Log().Sum();

        var e = Assert.Throws<AnomalyException>(() => y.Backward());

        Assert.Equal("Log", e.OpName);
        Assert.Contains(nameof(LogOfZeroNamesLogAndTheTestThatRecordedIt), e.ForwardTrace);
    }

    [Fact]
    public void TheFirstRuleToProduceANonFiniteValueIsBlamedNotTheOpsItFlowsThrough()
    {
        // Backward visits Sum, Exp (0·1: fine), Log (0/0 = NaN: guilty), then Mul, which would only pass the NaN on.
        var x = Tensor.FromArray([0.0, 2.0], requiresGrad: true);
        using var anomaly = Tensor.DetectAnomaly();
        var y = (x * 3.0).Log().Exp().Sum();

        Assert.Equal("Log", Assert.Throws<AnomalyException>(() => y.Backward()).OpName);
    }

    [Fact]
    public void OutsideTheModeNothingThrowsAndGradientsFollowIeee()
    {
        var x = Tensor.FromArray([0.0, 4.0], requiresGrad: true);
        x.Sqrt().Sum().Backward();
        Assert.Equal([double.PositiveInfinity, 0.25], x.Grad!.ToArray());

        var z = Tensor.FromArray([0.0, -0.0, 2.0], requiresGrad: true);
        z.Log().Sum().Backward();
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity, 0.5], z.Grad!.ToArray());

        var w = Tensor.FromArray([0.0], requiresGrad: true);
        w.Log().Exp().Sum().Backward();
        Assert.True(double.IsNaN(w.Grad!.Item()));
    }

    [Fact]
    public void ACustomFunctionIsNamedByItsName()
    {
        var root = Function.Elementwise("MySqrt", Math.Sqrt, v => 0.5 / Math.Sqrt(v));
        var x = Tensor.FromArray([1.0, 0.0], requiresGrad: true);
        using var anomaly = Tensor.DetectAnomaly();
        var y = root.Apply(x).Sum();

        Assert.Equal("MySqrt", Assert.Throws<AnomalyException>(() => y.Backward()).OpName);
    }

    [Fact]
    public void ASecondOrderAnomalyNamesTheOpRecordedDuringTheFirstBackward()
    {
        // f = x^1.5: f' = 1.5·x^0.5 is finite at 0, but f'' = 0.75·x^−0.5 is not; the guilty Pow was recorded by createGraph.
        var x = Tensor.FromArray([0.0, 1.0], requiresGrad: true);
        using var anomaly = Tensor.DetectAnomaly();
        var first = Autodiff.Grad(x.Pow(1.5).Sum(), [x], createGraph: true)[0]!;
        Assert.Equal([0.0, 1.5], first.ToArray());

        var e = Assert.Throws<AnomalyException>(() => Autodiff.Grad(first.Sum(), [x]));

        Assert.Equal("Pow", e.OpName);
        Assert.Contains(nameof(ASecondOrderAnomalyNamesTheOpRecordedDuringTheFirstBackward), e.ForwardTrace);
    }

    [Fact]
    public void AnOpRecordedOutsideTheModeIsStillNamedButHasNoTrace()
    {
        var x = Tensor.FromArray([0.0], requiresGrad: true);
        var y = x.Log().Sum();
        Assert.Null(y.Node!.CreationTrace);   // the stack is captured only in the mode: no cost otherwise

        using var anomaly = Tensor.DetectAnomaly();
        var e = Assert.Throws<AnomalyException>(() => y.Backward());

        Assert.Equal("Log", e.OpName);
        Assert.Contains("not captured", e.ForwardTrace);
    }

    [Fact]
    public void AfterAnAnomalyGradientsAreUntouchedAndTheGraphCanStillBeBackpropagated()
    {
        var x = Tensor.FromArray([0.0, 4.0], requiresGrad: true);
        x.Sum().Backward();   // Grad = [1, 1]
        var y = SumOfSquareRoots(x);
        using (Tensor.DetectAnomaly())
        {
            Assert.Throws<AnomalyException>(() => y.Backward());
            Assert.Equal([1.0, 1.0], x.Grad!.ToArray());
        }

        y.Backward();   // the failed pass freed nothing; outside the mode IEEE values accumulate
        Assert.Equal([double.PositiveInfinity, 1.25], x.Grad!.ToArray());
    }

    [Fact]
    public void AGraphRecordedInsideTheModeIsCheckedEvenWhenBackpropagatedAfterIt()
    {
        var x = Tensor.FromArray([0.0], requiresGrad: true);
        Tensor y;
        using (Tensor.DetectAnomaly()) y = SumOfSquareRoots(x);

        var e = Assert.Throws<AnomalyException>(() => y.Backward());
        Assert.Contains(nameof(SumOfSquareRoots), e.ForwardTrace);
    }

    [Fact]
    public void TheModeDoesNotChangeFiniteGradients()
    {
        static string StepGradients()
        {
            var random = new Random(3);
            var model = new RawMlp(inputs: 3, hidden: 5, random);
            var (x, t) = RawMlp.Batch(8, 3, random);
            RawMlp.Loss(model.Forward(x), t).Backward();
            return BitPattern.Of(model.Parameters.Select(p => p.Grad!));
        }

        string plain = StepGradients();
        using var anomaly = Tensor.DetectAnomaly();
        Assert.Equal(plain, StepGradients());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tensor SumOfSquareRoots(Tensor x) => x.Sqrt().Sum();
}
