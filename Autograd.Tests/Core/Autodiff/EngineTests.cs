namespace Autograd.Tests.Core.Autodiff;

public class EngineTests
{
    [Fact]
    public void LeavesAccumulateAcrossBackwardCallsUntilZeroGrad()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        (x * x).Sum().Backward();
        (x * 3.0).Sum().Backward();
        Assert.Equal([5.0, 7.0], x.Grad!.ToArray()); // 2x + 3
        x.ZeroGrad();
        Assert.Null(x.Grad);
        (x * 3.0).Sum().Backward();
        Assert.Equal([3.0, 3.0], x.Grad!.ToArray());
    }

    [Fact]
    public void IntermediatesKeepNoGradUnlessAsked()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        var h = x * 2.0;
        var k = x.Exp();
        k.RetainGrad();
        (h + k).Sum().Backward();
        Assert.Null(h.Grad);
        Assert.Equal([1.0, 1.0], k.Grad!.ToArray());
    }

    [Fact]
    public void OpsOnTensorsWithoutGradRecordNothing()
    {
        var a = Tensor.Ones(3);
        var y = (a * 2.0).Exp();
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFn);
        Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
    }

    [Fact]
    public void NoGradScopeRecordsNothingAndRestoresOnDispose()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        using (Tensor.NoGrad())
        {
            Assert.False(GradMode.IsEnabled);
            Assert.False((x * 2.0).RequiresGrad);
            using (Tensor.EnableGrad()) Assert.True((x * 2.0).RequiresGrad);
        }
        Assert.True((x * 2.0).RequiresGrad);
    }

    [Fact]
    public void SecondBackwardThroughReleasedGraphThrowsUnlessRetained()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        var loss = (x * x).Sum();
        loss.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("retainGraph", ex.Message);

        var kept = (x * x).Sum();
        x.ZeroGrad();
        kept.Backward(retainGraph: true);
        kept.Backward();
        Assert.Equal([4.0, 8.0], x.Grad!.ToArray());
    }

    [Fact]
    public void BackwardOnNonScalarNeedsAGradientOfTheSameShape()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0], [3], requiresGrad: true);
        var y = x * x;
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("gradient", ex.Message);
        var bad = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(2)));
        Assert.Contains("[2]", bad.Message);
        Assert.Contains("[3]", bad.Message);
        y.Backward(Tensor.FromArray([1.0, 0.5, 0.0], [3]));
        Assert.Equal([2.0, 2.0, 0.0], x.Grad!.ToArray());
    }

    [Fact]
    public void CreateGraphGivesHigherOrderGradients()
    {
        // f = x³: f′ = 3x², f″ = 6x, f‴ = 6.
        var x = Tensor.FromArray([0.5, -2.0], [2], requiresGrad: true);
        var y = x.Pow(3).Sum();
        var d1 = Autograd.Autodiff.Grad(y, [x], createGraph: true)[0]!;
        Assert.Equal([0.75, 12.0], d1.ToArray());
        var d2 = Autograd.Autodiff.Grad(d1.Sum(), [x], createGraph: true)[0]!;
        Assert.Equal([3.0, -12.0], d2.ToArray());
        var d3 = Autograd.Autodiff.Grad(d2.Sum(), [x])[0]!;
        Assert.Equal([6.0, 6.0], d3.ToArray());
    }

    [Fact]
    public void BackwardWithCreateGraphLeavesADifferentiableGrad()
    {
        var x = Tensor.FromArray([2.0], [1], requiresGrad: true);
        (x * x * x).Sum().Backward(retainGraph: true, createGraph: true);
        var g = x.Grad!;                     // 3x² = 12, recorded
        Assert.Equal(12.0, g.Item());
        var d2 = Autograd.Autodiff.Grad(g.Sum(), [x])[0]!;
        Assert.Equal(12.0, d2.Item());       // 6x
    }

    [Fact]
    public void AutodiffGradDoesNotTouchGradAndReturnsNullForUnusedInputs()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        var unused = Tensor.Ones([2], requiresGrad: true);
        var grads = Autograd.Autodiff.Grad((x * x).Sum(), [x, unused]);
        Assert.Equal([2.0, 4.0], grads[0]!.ToArray());
        Assert.Null(grads[1]);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void SharedSubexpressionsSumTheirGradients()
    {
        var x = Tensor.FromArray([3.0], [1], requiresGrad: true);
        var h = x.Exp();
        (h * h + h).Sum().Backward(); // d/dx (e²ˣ + eˣ) = 2e²ˣ + eˣ
        Assert.Equal(2 * Math.Exp(6) + Math.Exp(3), x.Grad!.Item(), 9);
    }

    [Fact]
    public void ChainOfAMillionOpsBackwardsWithoutStackOverflow()
    {
        var x = Tensor.Scalar(1.0, requiresGrad: true);
        var y = x;
        for (int i = 0; i < 1_000_000; i++) y = y * 1.0;
        y.Backward();
        Assert.Equal(1.0, x.Grad!.Item());
    }

    [Fact]
    public void TwoThreadsBuildingGraphsAtOnceGetTheSequentialResults()
    {
        static double[] Work(int seed)
        {
            var r = new Random(seed);
            var w = Tensor.Randn([8, 8], r, requiresGrad: true);
            var h = Tensor.Randn([16, 8], r);
            for (int i = 0; i < 200; i++) h = h.MatMul(w).Tanh();
            h.Sum().Backward();
            return w.Grad!.ToArray();
        }
        var sequential = new[] { Work(1), Work(2) };
        var parallel = new double[2][];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => parallel[i] = Work(i + 1))).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(sequential[0], parallel[0]);
        Assert.Equal(sequential[1], parallel[1]);
    }

    [Fact]
    public void NoGradOnOneThreadDoesNotAffectAnother()
    {
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (Tensor.NoGrad()) { inside.Set(); release.Wait(); }
        });
        other.Start();
        inside.Wait();
        var x = Tensor.Ones([1], requiresGrad: true);
        Assert.True((x * 2.0).RequiresGrad);
        release.Set();
        other.Join();
    }

    [Fact]
    public void GradientsKeptByCreateGraphAreNeverAliasedIntoLaterSums()
    {
        var a = Tensor.Scalar(1, requiresGrad: true);
        var b = Tensor.Scalar(2, requiresGrad: true);
        var seed = Tensor.Scalar(1.0);
        (a + b).Backward(seed, retainGraph: false, createGraph: true); // Add hands the same gradient to both leaves
        (a + b).Backward();
        Assert.Equal(2.0, a.Grad!.Item());
        Assert.Equal(2.0, b.Grad!.Item());
        Assert.Equal(1.0, seed.Item());                                   // the caller's seed is untouched
    }

    [Fact]
    public void AccumulatingIntoGradIsRecordedOnlyWhenBuildingAGraph()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        (x * x).Sum().Backward(retainGraph: false, createGraph: true);
        (x * x).Sum().Backward();                  // caller records, but this pass builds no graph
        Assert.Null(x.Grad!.GradFn);
        Assert.Equal([4.0, 8.0], x.Grad.ToArray());

        var z = Tensor.FromArray([3.0], [1], requiresGrad: true);
        (z * z).Sum().Backward(retainGraph: false, createGraph: true);
        var cube = (z * z * z).Sum();
        using (Tensor.NoGrad()) cube.Backward(retainGraph: false, createGraph: true);
        Assert.NotNull(z.Grad!.GradFn);            // 2z + 3z², still differentiable: d/dz = 2 + 6z = 20
        Assert.Equal(20.0, Autograd.Autodiff.Grad(z.Grad.Sum(), [z])[0]!.Item(), 12);
    }

    /// <summary>y = s² whose backward (wrongly) starts a second backward through the graph that produced s.</summary>
    private sealed class ReentrantSquare : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
        {
            ctx.SaveForBackward(inputs[0]);
            return inputs[0] * inputs[0];
        }

        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput)
        {
            var s = ctx.SavedTensors[0];
            using (Tensor.EnableGrad()) Autograd.Autodiff.Grad((s * 1.0).Sum(), [s.Detach()], retainGraph: true);
            Autograd.Autodiff.Grad(s.Sum(), [s], retainGraph: true);
            return [gradOutput * s * 2.0];
        }
    }

    [Fact]
    public void ABackwardInsideABackwardThroughTheSameGraphIsRefusedCleanly()
    {
        var x = Tensor.FromArray([1.0, 2.0], [2], requiresGrad: true);
        var s = x * 3.0;
        var y = new ReentrantSquare().Apply(s).Sum();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward(retainGraph: true));
        Assert.Contains("already being backpropagated", ex.Message);
        Assert.Null(x.Grad);
        (s * s).Sum().Backward();                  // the graph is usable again afterwards: d/dx (3x)² = 18x
        Assert.Equal([18.0, 36.0], x.Grad!.ToArray());
    }

    [Fact]
    public void DivisionGradientSurvivesTinyDenominators()
    {
        var a = Tensor.Scalar(1e-200, requiresGrad: true);
        var b = Tensor.Scalar(1e-200, requiresGrad: true);
        (a / b).Backward();
        Assert.Equal(-1e200, b.Grad!.Item(), 1e188);   // −a/b², without forming b² (which underflows to 0)
        Assert.Equal(1e200, a.Grad!.Item(), 1e188);
    }
}
