using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

public class ComparisonTests
{
    [Fact]
    public void ComparisonsGiveMasksWithoutGradient()
    {
        var a = Tensor.FromArray([1, 2, 3, double.NaN], [4], requiresGrad: true);
        var b = Tensor.FromArray([2, 2, 2, 2], [4]);
        AssertClose([0, 0, 1, 0], a > b);
        AssertClose([1, 0, 0, 0], a < b);
        AssertClose([0, 1, 1, 0], a >= b);
        AssertClose([1, 1, 0, 0], a <= b);
        AssertClose([0, 1, 0, 0], a.Eq(b));
        AssertClose([0, 0, 1, 0], a > 2.0);
        Assert.False((a > b).RequiresGrad);
    }

    [Property(MaxTest = 30)]
    public Property WherePassesGradCheckUnderBroadcasting() =>
        Prop.ForAll(
            (from shapes in TensorGen.BroadcastPair()
             from a in TensorGen.Tensor(shapes.A, -2, 2)
             from b in TensorGen.Tensor(shapes.B, -2, 2)
             from m in TensorGen.Tensor(shapes.B, -1, 1, requiresGrad: false)
             select (a, b, mask: m > 0.0)).ToArbitrary(),
            c => GradCheck.Check(xs => Tensor.Where(c.mask, xs[0], xs[1]), [c.a, c.b]).Passed);

    [Fact]
    public void WhereRoutesGradientsAndKeepsNaNOutOfTheUnchosenBranch()
    {
        var x = Tensor.FromArray([0.0, 1.0, 4.0], [3], requiresGrad: true);
        var safe = Tensor.Where(x > 0.0, x, 1.0);
        var y = Tensor.Where(x > 0.0, safe.Log(), 0.0); // log never sees 0, so the gradient at 0 is exactly 0
        AssertClose([0, 0, Math.Log(4)], y);
        y.Sum().Backward();
        AssertClose([0, 1, 0.25], x.Grad!);
    }

    [Fact]
    public void WhereWithIncompatibleShapesNamesThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Where(Tensor.Zeros(2), Tensor.Zeros(3), Tensor.Zeros(3)));
        Assert.Contains("[2]", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }
}
