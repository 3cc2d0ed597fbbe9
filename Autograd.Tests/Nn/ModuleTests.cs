using Autograd.Nn;

namespace Autograd.Tests.Nn;

/// <summary>Parameter discovery, dotted names, gradients reset and train/eval mode of nested modules.</summary>
public class ModuleTests
{
    /// <summary>A user-written module: an own parameter plus two named children, one of them nested.</summary>
    internal sealed class ScaledEncoder : Module
    {
        public ScaledEncoder(Random random)
        {
            Encoder = new Sequential(new Linear(3, 4, random: random), new ReLU(), new Linear(4, 2, random: random), new Dropout(0.5, random));
            Head = new Linear(2, 1, random: random);
        }

        public Tensor Scale { get; } = Tensor.Ones([2], requiresGrad: true);
        public Sequential Encoder { get; }
        public Linear Head { get; }

        public override Tensor Forward(Tensor input) => Head.Forward(Encoder.Forward(input) * Scale);

        protected override IEnumerable<(string Name, Tensor Parameter)> OwnParameters()
        {
            yield return ("scale", Scale);
        }

        protected override IEnumerable<(string Name, Module Module)> Children()
        {
            yield return ("encoder", Encoder);
            yield return ("head", Head);
        }
    }

    /// <summary>A module whose children and parameters are whatever the test says.</summary>
    private sealed class Custom(IEnumerable<(string, Tensor)> parameters, IEnumerable<(string, Module)> children) : Module
    {
        public override Tensor Forward(Tensor input) => input;
        protected override IEnumerable<(string Name, Tensor Parameter)> OwnParameters() => parameters;
        protected override IEnumerable<(string Name, Module Module)> Children() => children;
    }

    [Fact]
    public void NamedParametersUsePyTorchDottedNamesOwnFirstThenChildrenDepthFirst()
    {
        var model = new ScaledEncoder(new Random(1));
        Assert.Equal(
            ["scale", "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "head.weight", "head.bias"],
            model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void ParametersAreTheLayersOwnTensorObjects()
    {
        var model = new ScaledEncoder(new Random(1));
        var first = (Linear)model.Encoder[0];
        var second = (Linear)model.Encoder[2];
        Tensor[] expected = [model.Scale, first.Weight, first.Bias!, second.Weight, second.Bias!, model.Head.Weight, model.Head.Bias!];
        var actual = model.Parameters().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Same(expected[i], actual[i]);
        Assert.All(actual, p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void ASharedLayerIsOptimisedOnceButSavedUnderEachName()
    {
        var shared = new Linear(2, 2, random: new Random(3));
        var model = new Sequential(shared, new Tanh(), shared);
        Assert.Equal(["0.weight", "0.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(2, model.Parameters().Count());
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.StateDict().Keys);
    }

    [Fact]
    public void AModuleContainingItselfIsReported()
    {
        var children = new List<(string, Module)>();
        var loop = new Custom([], children);
        children.Add(("inner", new Sequential(loop)));
        var e = Assert.Throws<InvalidOperationException>(() => loop.Parameters().ToList());
        Assert.Contains("inner.0", e.Message);
    }

    [Fact]
    public void DuplicateParameterNamesAreReported()
    {
        var module = new Custom([("w", Tensor.Ones(1)), ("w", Tensor.Zeros(1))], []);
        var e = Assert.Throws<InvalidOperationException>(() => module.StateDict());
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void NullDeclarationsAreReported()
    {
        Assert.Throws<InvalidOperationException>(() => new Custom([("w", null!)], []).Parameters().ToList());
        Assert.Throws<InvalidOperationException>(() => new Custom([], [("c", null!)]).Parameters().ToList());
    }

    [Fact]
    public void ZeroGradClearsEveryParameterGradient()
    {
        var model = new ScaledEncoder(new Random(2));
        model.Eval(); // no dropout: every parameter gets a gradient
        model.Forward(Tensor.FromArray([0.5, -1, 2, 1, 1, -0.3], [2, 3])).Sum().Backward();
        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));
        model.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void TrainAndEvalReachEveryDescendant()
    {
        var model = new ScaledEncoder(new Random(4));
        Module[] all = [model, model.Encoder, model.Encoder[0], model.Encoder[1], model.Encoder[2], model.Encoder[3], model.Head];
        Assert.All(all, m => Assert.True(m.IsTraining));
        model.Eval();
        Assert.All(all, m => Assert.False(m.IsTraining));
        model.Train();
        Assert.All(all, m => Assert.True(m.IsTraining));
    }

    [Fact]
    public void ModulesWithoutParametersHaveEmptyStateDicts()
    {
        Assert.Empty(new Sequential(new ReLU(), new Sigmoid(), new Tanh(), new Softplus(), new Dropout()).StateDict());
    }
}
