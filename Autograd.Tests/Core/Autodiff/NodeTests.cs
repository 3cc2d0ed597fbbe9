using System.Runtime.CompilerServices;
using Autograd.Tests.Reliability;

namespace Autograd.Tests.Core.Autodiff;

/// <summary>A node keeps what its rule needs and nothing more: shapes for add, the operands for mul.</summary>
[Collection(MemorySensitiveCollection.Name)]
public sealed class NodeTests
{
    [Fact]
    public void AnAddNodeKeepsOnlyShapesSoItsComputedInputIsCollectedAndBackwardStillWorks()
    {
        var a = Tensor.FromArray([1.0, 2.0, 3.0], requiresGrad: true);
        var (z, y) = Build(a, (y, c) => y + c);
        MemorySensitiveCollection.CollectEverything();

        Assert.False(y.IsAlive, "an Add node kept its computed input alive: it needs only its inputs' shapes");
        z.Sum().Backward();
        Assert.Equal([2.0, 2.0, 2.0], a.Grad!.ToArray());
    }

    [Fact]
    public void AMulNodeKeepsItsComputedInputForItsRule()
    {
        // The control for the weak-reference method: an input the rule needs is seen alive.
        var a = Tensor.FromArray([1.0, 2.0, 3.0], requiresGrad: true);
        var (z, y) = Build(a, (y, c) => y * c);
        MemorySensitiveCollection.CollectEverything();

        Assert.True(y.IsAlive, "a Mul node must save its operands: its rule reads them");
        z.Sum().Backward();
        Assert.Equal([2.0, 2.0, 2.0], a.Grad!.ToArray());
    }

    /// <summary>z = op(a·2, 1); returns z and a weak reference to a·2. Out of line, so no local outlives it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor Z, WeakReference Y) Build(Tensor a, Func<Tensor, Tensor, Tensor> op)
    {
        var y = a * 2.0;
        return (op(y, Tensor.Scalar(1.0)), new WeakReference(y));
    }
}
