using Autograd.Nn;

namespace Autograd.Tests.Nn;

/// <summary>StateDict snapshots and LoadStateDict: round trips, in-place copies, strictness and all-or-nothing errors.</summary>
public class StateDictTests
{
    private static ModuleTests.ScaledEncoder Model(int seed) => new(new Random(seed));

    private static long[] Bits(IEnumerable<Tensor> tensors) =>
        tensors.SelectMany(t => t.ToArray()).Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void RoundTripIsBitExactIncludingSpecialValues()
    {
        var source = Model(1);
        var special = source.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        special["encoder.0.bias"] = Tensor.FromArray([-0.0, double.Epsilon, double.PositiveInfinity, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234)]);
        source.LoadStateDict(special);

        var target = Model(2);
        Assert.NotEqual(Bits(source.Parameters()), Bits(target.Parameters()));
        target.LoadStateDict(source.StateDict());
        Assert.Equal(Bits(source.Parameters()), Bits(target.Parameters()));
        Assert.Equal(0x7FF8_0000_0000_1234, BitConverter.DoubleToInt64Bits(((Linear)target.Encoder[0]).Bias!.Span[3]));
    }

    [Fact]
    public void LoadedModelComputesTheSameOutputs()
    {
        var source = Model(5);
        var target = Model(6);
        target.LoadStateDict(source.StateDict());
        source.Eval();
        target.Eval();
        var x = Tensor.FromArray([0.1, 0.2, -0.3, 1.5, -2, 0.7], [2, 3]);
        Assert.Equal(source.Forward(x).ToArray(), target.Forward(x).ToArray());
    }

    [Fact]
    public void StateDictIsADetachedSnapshotInNamedParameterOrder()
    {
        var model = Model(3);
        var state = model.StateDict();
        Assert.Equal(model.NamedParameters().Select(p => p.Name), state.Keys);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            Assert.Equal(parameter.ToArray(), state[name].ToArray());
            Assert.Equal(parameter.Shape, state[name].Shape);
            Assert.NotSame(parameter, state[name]);
            Assert.False(state[name].RequiresGrad);
        }
        double before = state["head.weight"].Span[0];
        model.Head.Weight.WritableData()[0] += 1; // as an optimizer step would
        Assert.Equal(before, state["head.weight"].Span[0]);
    }

    [Fact]
    public void LoadCopiesIntoTheExistingTensorsSoHeldReferencesSeeTheNewValues()
    {
        var model = Model(7);
        var held = model.Parameters().ToArray(); // what an optimizer keeps
        model.Eval();
        model.Forward(Tensor.Ones(1, 3)).Sum().Backward();
        var grads = held.Select(p => p.Grad!.ToArray()).ToArray();

        var source = Model(8);
        model.LoadStateDict(source.StateDict());
        var now = model.Parameters().ToArray();
        for (int i = 0; i < held.Length; i++)
        {
            Assert.Same(held[i], now[i]);
            Assert.Equal(held[i].ToArray(), source.Parameters().ElementAt(i).ToArray());
            Assert.Equal(grads[i], held[i].Grad!.ToArray()); // gradients are left alone
            Assert.True(held[i].RequiresGrad);
        }
    }

    [Fact]
    public void MissingUnexpectedAndMismatchedKeysAreAllListedAndNothingChanges()
    {
        var model = Model(9);
        var before = Bits(model.Parameters());
        var state = Model(10).StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        state.Remove("head.bias");
        state["decoder.weight"] = Tensor.Zeros(2);
        state["encoder.2.weight"] = Tensor.Zeros(4, 2);

        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
        Assert.Equal("state", e.ParamName);
        Assert.Contains("missing keys: head.bias", e.Message);
        Assert.Contains("unexpected keys: decoder.weight", e.Message);
        Assert.Contains("encoder.2.weight: shape [4, 2] in the state dict, [2, 4] in the module", e.Message);
        Assert.Equal(before, Bits(model.Parameters()));
    }

    [Fact]
    public void NonStrictLoadIgnoresMissingAndUnexpectedKeys()
    {
        var model = Model(11);
        var untouched = model.Head.Bias!.ToArray();
        var source = Model(12).StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        source.Remove("head.bias");
        source["extra"] = Tensor.Ones(3);

        model.LoadStateDict(source, strict: false);
        Assert.Equal(source["encoder.0.weight"].ToArray(), ((Linear)model.Encoder[0]).Weight.ToArray());
        Assert.Equal(untouched, model.Head.Bias!.ToArray());
        Assert.Throws<ArgumentException>(() => model.LoadStateDict(source, strict: true));
    }

    [Fact]
    public void NonStrictLoadStillRejectsShapeMismatches()
    {
        var model = Model(13);
        var before = Bits(model.Parameters());
        var state = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        state["scale"] = Tensor.Ones(3);
        state["head.weight"] = Tensor.Full([1, 2], 5.0);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state, strict: false));
        Assert.Contains("scale: shape [3]", e.Message);
        Assert.Equal(before, Bits(model.Parameters()));
    }

    [Fact]
    public void NullStateOrValuesAreRejected()
    {
        var model = new Linear(2, 1, random: new Random(1));
        Assert.Throws<ArgumentNullException>(() => model.LoadStateDict(null!));
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = null!, ["bias"] = Tensor.Ones(1) }));
        Assert.Contains("weight", e.Message);
    }

    [Fact]
    public void LinearWithoutBiasHasOnlyAWeight()
    {
        var model = new Linear(3, 2, bias: false, random: new Random(1));
        Assert.Equal(["weight"], model.StateDict().Keys);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = Tensor.Zeros(2, 3), ["bias"] = Tensor.Zeros(2) }));
        Assert.Contains("unexpected keys: bias", e.Message);
    }
}
