namespace Autograd.Tests.Reliability;

/// <summary>
/// A user's Function that throws in Forward or Backward leaves every tensor, every Grad, the recording mode and the graph
/// as they were before the call: the user's exception comes out unchanged and a later correct backward still works.
/// </summary>
public sealed class CustomFunctionFailureTests
{
    private static readonly double[] X = [0.5, -1.0, 2.0];

    /// <summary>y = 3x; Forward and Backward throw while the matching flag is set.</summary>
    private sealed class Triple : Function
    {
        public bool FailForward, FailBackward;
        public readonly InvalidCastException Failure = new("user code failed");

        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs) =>
            FailForward ? throw Failure : inputs[0] * 3.0;

        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) =>
            FailBackward ? throw Failure : [gradOutput * 3.0];
    }

    /// <summary>x with Grad already 2 (from Σ 2x), as in the middle of an accumulation.</summary>
    private static Tensor LeafWithGradient()
    {
        var x = Tensor.FromArray(X, requiresGrad: true);
        (x * 2.0).Sum().Backward();
        return x;
    }

    /// <summary>d/dx of Σ 3x + Σ tanh(eˣ): 3 + (1 − tanh²(eˣ))·eˣ.</summary>
    private static double[] LossGradient() =>
        [.. X.Select(v => 3 + (1 - Math.Pow(Math.Tanh(Math.Exp(v)), 2)) * Math.Exp(v))];

    private static void AssertClose(double[] expected, Tensor? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual.Span[i], 12);
    }

    [Fact]
    public void AForwardThatThrowsChangesNothingAndRestoresTheRecordingMode()
    {
        var x = LeafWithGradient();
        var y = (x * x).Sum();   // a graph recorded before the failing call
        var triple = new Triple { FailForward = true };

        var e = Record.Exception(() => triple.Apply(x));

        Assert.Same(triple.Failure, e);
        Assert.True(GradMode.IsEnabled, "the NoGrad scope Apply opens around Forward was not closed");
        Assert.Equal(X, x.ToArray());
        Assert.Equal([2.0, 2.0, 2.0], x.Grad!.ToArray());
        y.Backward();
        AssertClose([.. X.Select(v => 2 + 2 * v)], x.Grad);
    }

    [Fact]
    public void AForwardThatThrowsInsideNoGradLeavesNoGradOn()
    {
        var x = Tensor.FromArray(X, requiresGrad: true);
        using (Tensor.NoGrad())
        {
            Assert.Throws<InvalidCastException>(() => new Triple { FailForward = true }.Apply(x));
            Assert.False(GradMode.IsEnabled);
        }
        Assert.True(GradMode.IsEnabled);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ABackwardThatThrowsLeavesGradientsAndGraphAsTheyWere(bool createGraph)
    {
        var x = LeafWithGradient();
        var triple = new Triple { FailBackward = true };
        // The Tanh branch is deeper, so its rules (and the retained gradient of e) run before the failing Triple.
        var e = x.Exp();
        e.RetainGrad();
        var loss = triple.Apply(x).Sum() + e.Tanh().Sum();

        var thrown = Record.Exception(() => loss.Backward(retainGraph: false, createGraph: createGraph));

        Assert.Same(triple.Failure, thrown);
        Assert.Equal([2.0, 2.0, 2.0], x.Grad!.ToArray());
        Assert.Null(e.Grad);
        Assert.True(GradMode.IsEnabled);

        triple.FailBackward = false;
        loss.Backward(retainGraph: true);
        AssertClose([.. LossGradient().Select(g => 2 + g)], x.Grad);
        loss.Backward();
        AssertClose([.. LossGradient().Select(g => 2 + 2 * g)], x.Grad);
    }

    [Fact]
    public void AFailingBackwardThroughAutodiffGradTouchesNothingAndCanBeRetried()
    {
        var x = LeafWithGradient();
        var triple = new Triple { FailBackward = true };
        var loss = triple.Apply(x).Sum() + x.Exp().Tanh().Sum();

        Assert.Same(triple.Failure, Record.Exception(() => Autodiff.Grad(loss, [x])));

        triple.FailBackward = false;
        AssertClose(LossGradient(), Autodiff.Grad(loss, [x])[0]);
        Assert.Equal([2.0, 2.0, 2.0], x.Grad!.ToArray());
    }

    [Fact]
    public void AnElementwiseDerivativeThatThrowsChangesNothing()
    {
        var x = LeafWithGradient();
        bool fail = true;
        var cube = Function.Elementwise("Cube", v => v * v * v, v => fail ? throw new ArithmeticException("derivative failed") : 3 * v * v);
        var loss = cube.Apply(x).Sum();

        Assert.Throws<ArithmeticException>(() => loss.Backward());
        Assert.Equal([2.0, 2.0, 2.0], x.Grad!.ToArray());

        fail = false;
        loss.Backward();
        AssertClose([.. X.Select(v => 2 + 3 * v * v)], x.Grad);
    }
}
