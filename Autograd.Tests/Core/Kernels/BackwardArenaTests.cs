namespace Autograd.Tests.Core.Kernels;

/// <summary>
/// What a backward pass gives back when it ends (<c>Autograd.Kernels.BackwardArena</c>), counted in bytes allocated on
/// this thread, not timed. That nothing a user holds ever receives one of those buffers is HeldTensorTests' job.
/// </summary>
public class BackwardArenaTests
{
    private const int N = 256;   // a [256, 256] buffer is 512 KiB: a large-object-heap allocation when fresh
    private const long MatrixBytes = (long)N * N * sizeof(double);

    [Fact]
    public void ALazyGradientMadeInAPassIsComputedIntoABufferThePassGivesBack()
    {
        // Sum's gradient, g broadcast to [256, 256], is lazy, and MatMul's rule realises it to multiply by it. Per step
        // the forward product keeps one buffer for good (the caller holds it), so one fresh matrix per step is the
        // floor; a realised broadcast in a fresh buffer of its own would make it two.
        var x = Tensor.Randn([N, N], new Random(1));
        var w = Tensor.Randn([N, N], new Random(2), requiresGrad: true);
        void Step()
        {
            w.ZeroGrad(setToNone: false);
            x.MatMul(w).Sum().Backward();
        }
        for (int i = 0; i < 3; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MatrixBytes * 3 / 2, $"one step allocated {allocated} bytes; one [256, 256] matrix is {MatrixBytes}");
        Assert.Equal(x.Sum(0).ToArray()[0], w.Grad!.ToArray()[0], 9);   // ∂/∂w_pj of Σ x·w is Σᵢ x_ip
    }

    [Fact]
    public void ALazyResultComputedAfterAPassReusesABufferThePassGaveBack()
    {
        // The pass below gives back its [256, 256] buffers; a lazy product realised afterwards, outside any pass, takes
        // one of them for good instead of a new 512 KiB array, and a second one realised later does not share it.
        var x = Tensor.Randn([N, N], new Random(3));
        var w = Tensor.Randn([N, N], new Random(4), requiresGrad: true);
        x.MatMul(w).Sum().Backward();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var doubled = x * 2.0;
        double first = doubled.ToArray()[0];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before - MatrixBytes;   // less ToArray's own copy
        Assert.True(allocated < MatrixBytes / 2, $"realising allocated {allocated} bytes beyond the copy; one [256, 256] matrix is {MatrixBytes}");
        var tripled = (x * 3.0).ToArray();
        Assert.Equal(2 * x.ToArray()[0], first);
        Assert.Equal(2 * x.ToArray()[0], doubled.ToArray()[0]);
        Assert.Equal(3 * x.ToArray()[0], tripled[0]);
    }
}
