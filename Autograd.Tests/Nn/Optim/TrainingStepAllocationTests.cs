using Autograd.Nn;
using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

/// <summary>
/// Issue 6's allocation target: a training step allocates no more than its tensors' own data. Counted in bytes on this
/// thread (not timed), for the benchmark's step: 16→32→1 ReLU MLP, PoissonNLLLoss, Adam, batch 256.
/// </summary>
public class TrainingStepAllocationTests
{
    private const int Batch = 256, In = 16, Hidden = 32;

    /// <summary>
    /// A lower bound on the data of the tensors one step makes, from their shapes: forward, the first layer's output, the
    /// ReLU and the second layer's output; backward, the loss's two [256] input gradients, the [256, 32] gradients of
    /// the ReLU output and of the first layer's output, and the weight and bias gradients. Scalars and Adam's own
    /// temporaries are left out, so the real total is larger.
    /// </summary>
    private const long TensorDataBytes = sizeof(double) * (
        (long)Batch * Hidden + Batch * Hidden + Batch                   // forward
        + Batch + Batch + Batch * Hidden + Batch * Hidden                // backward, activations
        + Hidden * In + Hidden + Hidden + 1);                            // backward, parameters

    [Fact]
    public void AnAdamStepOfTheBenchmarkMlpAllocatesLessThanItsTensorsData()
    {
        var r = new Random(6);
        var model = new Sequential(new Linear(In, Hidden, random: r), new ReLU(), new Linear(Hidden, 1, random: r));
        var adam = new Adam(model.Parameters(), lr: 1e-3);
        var loss = new PoissonNLLLoss();
        var x = Tensor.Randn([Batch, In], r);
        var y = Tensor.FromArray(Enumerable.Range(0, Batch).Select(_ => (double)r.Next(0, 8)).ToArray(), [Batch, 1]);
        void Step()
        {
            adam.ZeroGrad();
            loss.Forward(model.Forward(x), y).Backward();
            adam.Step();
        }

        for (int i = 0; i < 20; i++) Step();   // warm: the pool holds what a step frees
        const int steps = 50;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < steps; i++) Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
        Assert.True(perStep <= TensorDataBytes, $"A step allocated {perStep:N0} bytes; its tensors' data alone is at least {TensorDataBytes:N0}.");
    }
}
