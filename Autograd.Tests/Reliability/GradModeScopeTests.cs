namespace Autograd.Tests.Reliability;

/// <summary>
/// The recording switch (<see cref="Tensor.NoGrad"/>) has AsyncLocal semantics: it belongs to the thread or async flow that
/// opened it, follows that flow across awaits onto other threads, and never reaches a thread running concurrently.
/// </summary>
public sealed class GradModeScopeTests
{
    private static bool Records()
    {
        var x = Tensor.Scalar(2.0, requiresGrad: true);
        return (x * x).GradFn is not null;
    }

    [Fact]
    public void NoGradOnOneThreadDoesNotAffectAnotherThreadRunningConcurrently()
    {
        using var entered = new ManualResetEventSlim();
        using var checkedOther = new ManualResetEventSlim();
        bool insideRecords = true, otherEnabled = false, otherRecords = false;

        var quiet = new Thread(() =>
        {
            using (Tensor.NoGrad())
            {
                entered.Set();
                checkedOther.Wait();
                insideRecords = Records();
            }
        });
        var other = new Thread(() =>
        {
            entered.Wait();
            otherEnabled = GradMode.IsEnabled;
            otherRecords = Records();
            checkedOther.Set();
        });
        quiet.Start();
        other.Start();
        quiet.Join();
        other.Join();

        Assert.False(insideRecords, "NoGrad did not stop recording on its own thread");
        Assert.True(otherEnabled, "NoGrad opened on one thread switched recording off on another");
        Assert.True(otherRecords);
    }

    [Fact]
    public async Task NoGradFlowsIntoAnAwaitedContinuation()
    {
        using (Tensor.NoGrad())
        {
            await Task.Delay(1);   // resumes wherever the scheduler likes, often another thread
            Assert.False(GradMode.IsEnabled);
            Assert.False(Records());
            await Task.Yield();
            Assert.False(Records());
        }
        Assert.True(GradMode.IsEnabled);
        Assert.True(Records());
    }

    [Fact]
    public async Task AScopeOpenedInsideAnAwaitedMethodDoesNotLeakIntoTheCaller()
    {
        await ForgetsToDispose();
        Assert.True(GradMode.IsEnabled, "a NoGrad scope left open inside an awaited method leaked into its caller");
        Assert.True(Records());

        static async Task ForgetsToDispose()
        {
            _ = Tensor.NoGrad();
            await Task.Yield();
            Assert.False(GradMode.IsEnabled);
        }
    }

    [Fact]
    public async Task ConcurrentAsyncFlowsSharingPoolThreadsEachKeepTheirOwnMode()
    {
        // 16 flows interleave on the small thread pool, so pool threads run both kinds; a thread-static switch would mix them.
        var flows = Enumerable.Range(0, 16).Select(async i =>
        {
            using var scope = i % 2 == 0 ? Tensor.NoGrad() : Tensor.EnableGrad();
            for (int k = 0; k < 20; k++)
            {
                await Task.Yield();
                if (Records() != (i % 2 == 1)) return false;
            }
            return true;
        }).ToArray();

        Assert.All(await Task.WhenAll(flows), Assert.True);
    }

    [Fact]
    public async Task ATaskStartedInsideNoGradInheritsItAndItsOwnScopeDoesNotFlowBack()
    {
        using (Tensor.NoGrad())
            Assert.False(await Task.Run(Records), "work started inside NoGrad inherits the caller's mode (AsyncLocal flows into child tasks)");

        await Task.Run(() => { _ = Tensor.NoGrad(); });
        Assert.True(Records(), "a scope opened inside Task.Run flowed back to the code that awaited it");
    }

    [Fact]
    public void DisposingAScopeAgainChangesNothing()
    {
        var first = Tensor.NoGrad();
        first.Dispose();
        using (Tensor.NoGrad())
        {
            first.Dispose();
            Assert.False(Records(), "a second Dispose of an old scope switched recording back on inside another scope");
        }
        Assert.True(Records());
    }

    [Fact]
    public void AnomalyDetectionOnOneThreadDoesNotReachAnotherThread()
    {
        using var entered = new ManualResetEventSlim();
        Exception? otherFailure = new InvalidOperationException("the other thread did not run");
        double otherGradient = 0;
        var other = new Thread(() =>
        {
            entered.Wait();
            otherFailure = Record.Exception(() =>
            {
                var x = Tensor.FromArray([0.0], requiresGrad: true);
                x.Sqrt().Sum().Backward();   // ∞ gradient: fine outside the mode
                otherGradient = x.Grad!.Item();
            });
        });
        other.Start();
        using (Tensor.DetectAnomaly())
        {
            entered.Set();
            other.Join();
            Assert.True(GradMode.IsAnomalyDetectionEnabled);
        }

        Assert.Null(otherFailure);
        Assert.Equal(double.PositiveInfinity, otherGradient);
    }

    [Fact]
    public void EnableGradInsideNoGradRecordsAndEachScopeRestoresWhatItFound()
    {
        using (Tensor.NoGrad())
        {
            using (Tensor.EnableGrad())
                Assert.True(Records());
            Assert.False(Records());
        }
        Assert.True(Records());
    }
}
