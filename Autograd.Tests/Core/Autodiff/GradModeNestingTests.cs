namespace Autograd.Tests.Core.Autodiff;

/// <summary>
/// Scopes of one switch are strictly nested, as PyTorch's context managers: disposing one while a scope of the same
/// switch opened after it is still open is a mistake, reported with <see cref="InvalidOperationException"/>, and the
/// switch is left as it was before the disposed scope (the scopes inside it are closed with it). Scopes of the two
/// different switches (recording, anomaly detection) are independent and may be disposed in any order.
/// </summary>
public class GradModeNestingTests
{
    private static bool Records()
    {
        var x = Tensor.Scalar(2.0, requiresGrad: true);
        return (x * x).GradFn is not null;
    }

    [Fact]
    public void DisposingNoGradBeforeTheEnableGradInsideItThrowsAndLeavesRecordingOn()
    {
        var noGrad = Tensor.NoGrad();
        var enableGrad = Tensor.EnableGrad();
        var e = Assert.Throws<InvalidOperationException>(noGrad.Dispose);
        Assert.Contains("NoGrad", e.Message);
        Assert.Contains("EnableGrad", e.Message);
        Assert.Contains("reverse order", e.Message);
        Assert.True(Records(), "the out-of-order NoGrad did not restore recording");

        enableGrad.Dispose();   // already closed with the scope around it: changes nothing
        Assert.True(GradMode.IsEnabled, "disposing the inner EnableGrad afterwards switched recording off");
        Assert.True(Records());
    }

    [Fact]
    public void DisposingEnableGradBeforeTheNoGradInsideItRestoresTheOuterNoGrad()
    {
        using (Tensor.NoGrad())
        {
            var enableGrad = Tensor.EnableGrad();
            var noGrad = Tensor.NoGrad();
            Assert.Throws<InvalidOperationException>(enableGrad.Dispose);
            Assert.False(Records(), "recording must be back to the outer NoGrad");
            noGrad.Dispose();
            Assert.False(Records(), "the inner NoGrad, already closed, changed the mode when disposed");
        }
        Assert.True(Records());
    }

    [Fact]
    public void ThreeScopesDisposedInTheOrderTheyWereOpenedEndWithRecordingOn()
    {
        var a = Tensor.NoGrad();
        var b = Tensor.EnableGrad();
        var c = Tensor.NoGrad();
        Assert.Throws<InvalidOperationException>(a.Dispose);
        b.Dispose();
        c.Dispose();
        Assert.True(Records());
    }

    [Fact]
    public void DisposingAMiddleScopeClosesOnlyTheScopesInsideIt()
    {
        var outer = Tensor.NoGrad();
        var middle = Tensor.EnableGrad();
        var inner = Tensor.NoGrad();
        Assert.Throws<InvalidOperationException>(middle.Dispose);
        Assert.False(Records(), "the outer NoGrad is still open");
        inner.Dispose();
        Assert.False(Records());
        outer.Dispose();
        Assert.True(Records());
    }

    [Fact]
    public void AnomalyScopesDisposedOutOfOrderThrowAndLeaveDetectionOff()
    {
        var first = Tensor.DetectAnomaly();
        var second = Tensor.DetectAnomaly();
        var e = Assert.Throws<InvalidOperationException>(first.Dispose);
        Assert.Contains("DetectAnomaly", e.Message);
        Assert.False(GradMode.IsAnomalyDetectionEnabled);
        second.Dispose();
        Assert.False(GradMode.IsAnomalyDetectionEnabled, "disposing the inner anomaly scope afterwards switched detection back on");
    }

    [Fact]
    public void ScopesOfDifferentSwitchesAreIndependentInAnyOrder()
    {
        var anomaly = Tensor.DetectAnomaly();
        var noGrad = Tensor.NoGrad();
        anomaly.Dispose();
        Assert.False(GradMode.IsAnomalyDetectionEnabled);
        Assert.False(Records(), "closing the anomaly scope must not touch the NoGrad opened after it");
        noGrad.Dispose();
        Assert.True(Records());

        noGrad = Tensor.NoGrad();
        anomaly = Tensor.DetectAnomaly();
        noGrad.Dispose();
        Assert.True(Records());
        Assert.True(GradMode.IsAnomalyDetectionEnabled, "closing the NoGrad must not touch the anomaly scope opened after it");
        anomaly.Dispose();
        Assert.False(GradMode.IsAnomalyDetectionEnabled);
    }

    [Fact]
    public void AnInterleavedAnomalyScopeDoesNotHideAnOutOfOrderRecordingScope()
    {
        var noGrad = Tensor.NoGrad();
        var anomaly = Tensor.DetectAnomaly();
        var enableGrad = Tensor.EnableGrad();
        Assert.Throws<InvalidOperationException>(noGrad.Dispose);
        Assert.True(Records());
        Assert.True(GradMode.IsAnomalyDetectionEnabled, "the anomaly scope is still open");
        enableGrad.Dispose();
        Assert.True(Records());
        anomaly.Dispose();
        Assert.False(GradMode.IsAnomalyDetectionEnabled);
    }

    [Fact]
    public async Task AnOutOfOrderDisposalInOneFlowDoesNotDisturbAnotherFlow()
    {
        using var quiet = Tensor.NoGrad();
        var other = Task.Run(async () =>
        {
            var a = Tensor.EnableGrad();
            var b = Tensor.NoGrad();
            await Task.Yield();
            Assert.Throws<InvalidOperationException>(a.Dispose);
            b.Dispose();
            return Records();
        });
        Assert.False(await other, "inside the task the outer NoGrad (inherited) is in force again");
        Assert.False(Records(), "the task's scopes reached the flow that started it");
    }

    [Fact]
    public async Task DisposingAScopeFromAFlowWhereItIsNotOpenChangesNothing()
    {
        var opened = await Task.Run(Tensor.NoGrad);   // its effect stays in the task's flow
        Assert.True(Records());
        opened.Dispose();
        Assert.True(Records());
        using (Tensor.NoGrad())
        {
            var elsewhere = await Task.Run(Tensor.EnableGrad);
            elsewhere.Dispose();
            Assert.False(Records(), "a scope never open in this flow switched recording back on when disposed here");
        }
    }
}
