using Autograd.Nn;
using static Autograd.Tests.Reliability.Expected;

namespace Autograd.Tests.Reliability;

/// <summary>
/// Wrong calls to Autograd.Nn modules, losses and state dicts: the right exception, a message naming the problem, and
/// no tensor or parameter changed (a rejected state dict loads nothing, not even its valid entries).
/// </summary>
public sealed class NnBadInputTests
{
    private static readonly Tensor Counts = Tensor.FromArray([0, 1, 2, 3, 0, 5], [2, 3]);

    /// <summary>A state dict for the fixture's net with different values, then edited by <paramref name="edit"/>.</summary>
    private static Dictionary<string, Tensor> OtherState(Action<Dictionary<string, Tensor>> edit)
    {
        var other = new Sequential(new Linear(3, 2, random: new Random(50)), new Tanh(), new Linear(2, 1, random: new Random(60)));
        var state = other.StateDict().ToDictionary();
        edit(state);
        return state;
    }

    private static readonly BadInputCatalogue Catalogue = new()
    {
        // State dicts
        { "LoadStateDict: null", f => f.Net.LoadStateDict(null!), Null("state") },
        { "LoadStateDict: a missing key", f => f.Net.LoadStateDict(OtherState(s => s.Remove("2.bias"))), Argument("state", "missing keys", "2.bias") },
        { "LoadStateDict: an unexpected key", f => f.Net.LoadStateDict(OtherState(s => s["3.weight"] = Tensor.Zeros(1))), Argument("state", "unexpected keys", "3.weight") },
        { "LoadStateDict: a transposed weight", f => f.Net.LoadStateDict(OtherState(s => s["0.weight"] = s["0.weight"].T)), Argument("state", "0.weight", "[3, 2]", "[2, 3]") },
        { "LoadStateDict: a wrong shape, not strict", f => f.Net.LoadStateDict(OtherState(s => s["2.bias"] = Tensor.Zeros(2)), strict: false), Argument("state", "2.bias", "[2]", "[1]") },
        { "LoadStateDict: a null value", f => f.Net.LoadStateDict(OtherState(s => s["0.bias"] = null!)), Argument("state", "0.bias", "null") },
        { "LoadStateDict: missing and misshapen together", f => f.Net.LoadStateDict(OtherState(s => { s.Remove("0.bias"); s["2.weight"] = Tensor.Zeros(2, 1); })), Argument("state", "0.bias", "2.weight", "[2, 1]") },

        // Layers
        { "Linear: 0 input features", f => new Linear(0, 2), OutOfRange("inFeatures", "0") },
        { "Linear: -1 output features", f => new Linear(2, -1), OutOfRange("outFeatures", "-1") },
        { "Linear.Forward: null", f => f.Net[0].Forward(null!), Null("input") },
        { "Linear.Forward: rows of 2 for 3 features", f => f.Net[0].Forward(f.B), Argument("input", "[3, 2]", "3") },
        { "Linear.Forward: a scalar", f => f.Net[0].Forward(f.Y), Argument("input", "[]") },
        { "Functional.Linear: 1-D weight", f => Functional.Linear(f.A, f.V), Argument("weight", "[3]") },
        { "Functional.Linear: bias of the wrong length", f => Functional.Linear(f.A, f.B.T, f.V), Argument("bias", "[2]", "[2, 3]", "got shape [3]") },
        { "Functional.Linear: null weight", f => Functional.Linear(f.A, null!), Null("weight") },
        { "Sequential: null array", f => new Sequential(null!), Null("modules") },
        { "Sequential: a null module", f => new Sequential(new Tanh(), null!), Null("modules") },
        { "Sequential[3] of 3 modules", f => _ = f.Net[3], OutOfRange("index", "3 modules") },
        { "Sequential[-1]", f => _ = f.Net[-1], OutOfRange("index", "-1") },
        { "Sequential.Forward: null", f => f.Net.Forward(null!), Null("input") },
        { "Dropout: p negative", f => new Dropout(-0.1), OutOfRange("p", "[0, 1]") },
        { "Dropout: p above 1", f => new Dropout(1.5), OutOfRange("p", "[0, 1]") },
        { "Dropout: p NaN", f => new Dropout(double.NaN), OutOfRange("p", "[0, 1]") },
        { "Dropout.Forward: null", f => new Dropout(0.5, new Random(1)).Forward(null!), Null("input") },
        { "Softplus: beta 0", f => new Softplus(beta: 0), OutOfRange("beta", "beta") },
        { "Softplus: beta infinite", f => new Softplus(beta: double.PositiveInfinity), OutOfRange("beta", "beta") },
        { "Softplus: beta NaN", f => new Softplus(beta: double.NaN), OutOfRange("beta", "beta") },
        { "Softplus: threshold NaN", f => new Softplus(threshold: double.NaN), OutOfRange("threshold", "NaN") },
        { "Functional.Softplus: null", f => Functional.Softplus(null!), Null("input") },
        { "Tanh.Forward: null", f => new Tanh().Forward(null!), Null("input") },
        { "ReLU.Forward: null", f => new ReLU().Forward(null!), Null("input") },
        { "Sigmoid.Forward: null", f => new Sigmoid().Forward(null!), Null("input") },

        // Losses
        { "PoissonNLLLoss: eps negative", f => new PoissonNLLLoss(eps: -1e-8), OutOfRange("eps", "eps") },
        { "PoissonNLLLoss: eps NaN", f => new PoissonNLLLoss(eps: double.NaN), OutOfRange("eps", "NaN") },
        { "PoissonNLLLoss: undefined reduction", f => new PoissonNLLLoss(reduction: (Reduction)7), OutOfRange("reduction", "Mean") },
        { "PoissonNLLLoss: shapes [2, 3] and [3, 2]", f => new PoissonNLLLoss().Forward(f.A, f.B), Argument("target", "[2, 3]", "[3, 2]") },
        { "PoissonNLLLoss: shapes [3, 1] and [3]", f => new PoissonNLLLoss().Forward(f.V.Reshape(3, 1), f.V), Argument("target", "[3, 1]", "[3]") },
        { "PoissonNLLLoss: a negative count", f => new PoissonNLLLoss().Forward(f.A, Counts - f.Mask * 2.0), Argument("target", "[0, 0]", "-2") },
        { "PoissonNLLLoss: a NaN count", f => new PoissonNLLLoss(full: true).Forward(f.A, Tensor.Where(f.Mask < 0.5, Counts, double.NaN)), Argument("target", "[0, 0]", "NaN") },
        { "PoissonNLLLoss: null input", f => new PoissonNLLLoss().Forward(null!, Counts), Null("input") },
        { "PoissonNLLLoss: null target", f => new PoissonNLLLoss().Forward(f.A, null!), Null("target") },
        { "PoissonNLLLoss: called without a target", f => new PoissonNLLLoss().Forward(f.A), InvalidOperation("PoissonNLLLoss", "target") },
        { "Functional.PoissonNLLLoss: undefined reduction", f => Functional.PoissonNLLLoss(f.A, Counts, reduction: (Reduction)(-1)), OutOfRange("reduction", "Mean") },
        { "Functional.PoissonNLLLoss: rate input, eps NaN", f => Functional.PoissonNLLLoss(f.A, Counts, logInput: false, eps: double.NaN), OutOfRange("eps", "NaN") },
        { "MSELoss: shapes [2, 3] and [3]", f => new MSELoss().Forward(f.A, f.V), Argument("target", "[2, 3]", "[3]") },
        { "MSELoss: undefined reduction", f => new MSELoss((Reduction)3), OutOfRange("reduction", "Mean") },
        { "MSELoss: null target", f => Functional.MSELoss(f.A, null!), Null("target") },
    };

    public static TheoryData<string> Names => Catalogue.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void AWrongCallThrowsTheRightExceptionNamingTheProblemAndChangesNothing(string call) => Catalogue.Verify(call);
}
