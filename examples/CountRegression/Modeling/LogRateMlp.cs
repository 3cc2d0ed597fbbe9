using Autograd;
using Autograd.Nn;

namespace CountRegression.Modeling;

/// <summary>
/// A multilayer perceptron for counts: η = MLP(x) + log(ȳ), μ = eη. Starting from the mean rate's logarithm (a fixed offset, not a
/// parameter) means the first epochs learn structure instead of the overall level.
/// </summary>
public sealed class LogRateMlp : Module
{
    private readonly Sequential _network;
    private readonly Tensor _offset;

    /// <summary>inputs → hidden → hidden → 1 with ReLU between, PyTorch's default initialisation from <paramref name="random"/>.</summary>
    public LogRateMlp(int inputs, int hidden, double meanCount, Random random)
    {
        if (!(meanCount > 0)) throw new ArgumentOutOfRangeException(nameof(meanCount), meanCount, "The mean count must be positive.");
        _network = new Sequential(
            new Linear(inputs, hidden, random: random), new ReLU(),
            new Linear(hidden, hidden, random: random), new ReLU(),
            new Linear(hidden, 1, random: random));
        _offset = Tensor.Scalar(Math.Log(meanCount));
    }

    /// <summary>η = MLP(x) + log(ȳ), shape [n, 1].</summary>
    public override Tensor Forward(Tensor input) => _network.Forward(input) + _offset;

    /// <summary>The network, named "network" in state dicts (network.0.weight, ...).</summary>
    protected override IEnumerable<(string Name, Module Module)> Children()
    {
        yield return ("network", _network);
    }
}
