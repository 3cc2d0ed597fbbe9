using Autograd.Optim;

namespace Autograd.Tests.Nn.Optim;

public class OptimizerArgumentTests
{
    private static Tensor[] Params() => [Tensor.Zeros([3], requiresGrad: true)];

    public static TheoryData<string, Func<Optimizer>, string> OutOfRange => new()
    {
        { "sgd lr", () => new Sgd(Params(), lr: -0.1), "lr" },
        { "sgd lr NaN", () => new Sgd(Params(), lr: double.NaN), "lr" },
        { "sgd lr inf", () => new Sgd(Params(), lr: double.PositiveInfinity), "lr" },
        { "sgd momentum", () => new Sgd(Params(), lr: 0.1, momentum: -0.5), "momentum" },
        { "sgd weight decay", () => new Sgd(Params(), lr: 0.1, weightDecay: -1), "weightDecay" },
        { "adam lr", () => new Adam(Params(), lr: -1e-3), "lr" },
        { "adam beta1 = 1", () => new Adam(Params(), beta1: 1.0), "beta1" },
        { "adam beta1 < 0", () => new Adam(Params(), beta1: -0.1), "beta1" },
        { "adam beta2 NaN", () => new Adam(Params(), beta2: double.NaN), "beta2" },
        { "adam eps", () => new Adam(Params(), eps: -1e-8), "eps" },
        { "adam weight decay", () => new Adam(Params(), weightDecay: -0.1), "weightDecay" },
        { "adamw beta2", () => new AdamW(Params(), beta2: 1.5), "beta2" },
        { "adamw weight decay", () => new AdamW(Params(), weightDecay: double.NaN), "weightDecay" },
        { "lbfgs lr", () => new Lbfgs(Params(), lr: -1), "lr" },
        { "lbfgs maxIter", () => new Lbfgs(Params(), maxIter: 0), "maxIter" },
        { "lbfgs maxEval", () => new Lbfgs(Params(), maxEval: -3), "maxEval" },
        { "lbfgs toleranceGrad", () => new Lbfgs(Params(), toleranceGrad: -1e-7), "toleranceGrad" },
        { "lbfgs toleranceChange", () => new Lbfgs(Params(), toleranceChange: double.NaN), "toleranceChange" },
        { "lbfgs historySize", () => new Lbfgs(Params(), historySize: 0), "historySize" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void SettingsOutOfRangeAreRejectedByName(string label, Func<Optimizer> create, string parameterName)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameterName, error.ParamName);
        Assert.Contains(parameterName, error.Message);
        Assert.False(string.IsNullOrEmpty(label));
    }

    [Fact]
    public void NesterovNeedsMomentum()
    {
        var error = Assert.Throws<ArgumentException>(() => new Sgd(Params(), lr: 0.1, nesterov: true));
        Assert.Equal("nesterov", error.ParamName);
    }

    [Fact]
    public void ParameterListIsChecked()
    {
        var p = Tensor.Zeros([2], requiresGrad: true);
        Assert.Throws<ArgumentNullException>(() => new Adam(null!));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new Adam([])).Message);
        Assert.Contains("Parameter 1 is null", Assert.Throws<ArgumentException>(() => new Adam([p, null!])).Message);
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => new Sgd([p, p], lr: 0.1)).Message);
        var computed = p * 2.0;
        Assert.Contains("not a leaf", Assert.Throws<ArgumentException>(() => new Lbfgs([computed])).Message);
    }

    [Fact]
    public void StepWithNullClosureIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new Sgd(Params(), lr: 0.1).Step(null!));
        Assert.Throws<ArgumentNullException>(() => new Lbfgs(Params()).Step(null!));
    }
}
