using Autograd.Nn;

namespace Autograd.Tests.Nn.Layers;

/// <summary>Sequential: applies its modules in order and names them "0", "1", ...</summary>
public class SequentialTests
{
    [Fact]
    public void ForwardAppliesTheModulesInOrder()
    {
        var random = new Random(2);
        var first = new Linear(3, 4, random: random);
        var second = new Linear(4, 2, random: random);
        var model = new Sequential(first, new Tanh(), second, new Sigmoid());
        var x = Tensor.FromArray([0.2, -0.5, 1.0, 2.0, 0.1, -0.3], [2, 3]);
        Assert.Equal(second.Forward(first.Forward(x).Tanh()).Sigmoid().ToArray(), model.Forward(x).ToArray());
        Assert.Equal(4, model.Count);
        Assert.Same(second, model[2]);
    }

    [Fact]
    public void ChildrenAreNamedByPosition()
    {
        var model = new Sequential(new Linear(2, 2), new ReLU(), new Sequential(new Linear(2, 1, bias: false)));
        Assert.Equal(["0.weight", "0.bias", "2.0.weight"], model.StateDict().Keys);
    }

    [Fact]
    public void EmptySequentialIsTheIdentity()
    {
        var x = Tensor.Ones(2);
        Assert.Same(x, new Sequential().Forward(x));
    }

    [Fact]
    public void MisuseIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new Sequential(null!));
        Assert.Throws<ArgumentNullException>(() => new Sequential(new ReLU(), null!));
        var model = new Sequential(new ReLU());
        Assert.Throws<ArgumentOutOfRangeException>(() => model[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => model[-1]);
        Assert.Throws<InvalidOperationException>(() => new Sequential(new MSELoss()).Forward(Tensor.Ones(1)));
    }
}
