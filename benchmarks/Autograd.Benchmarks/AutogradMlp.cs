namespace Autograd.Benchmarks;

/// <summary>
/// inputs → hidden → 1 MLP with ReLU, PoissonNLLLoss (log input, mean) and Adam, composed from Autograd tensor ops,
/// laid out like PyTorch's nn.Linear (W: out×in, y = x·Wᵀ + b).
/// </summary>
internal sealed class ComposedMlp
{
    private readonly Tensor[] _parameters;
    private readonly double[][] _m, _v;
    private int _step;
    private const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    public ComposedMlp(int inputs, int hidden, Random random)
    {
        _parameters =
        [
            Uniform([hidden, inputs], inputs, random), Uniform([hidden], inputs, random),
            Uniform([1, hidden], hidden, random), Uniform([1], hidden, random),
        ];
        _m = Array.ConvertAll(_parameters, p => new double[p.Count]);
        _v = Array.ConvertAll(_parameters, p => new double[p.Count]);
    }

    private static Tensor Uniform(int[] shape, int fanIn, Random r)
    {
        var t = Tensor.Rand(shape, r, requiresGrad: true);
        double bound = 1 / Math.Sqrt(fanIn);
        for (int i = 0; i < t.Count; i++) t.Data[i] = (2 * t.Data[i] - 1) * bound;
        return t;
    }

    /// <summary>Log-rate prediction for a batch x: [batch, inputs] → [batch, 1].</summary>
    public Tensor Forward(Tensor x)
    {
        var h = (x.MatMul(_parameters[0].T) + _parameters[1]).Relu();
        return h.MatMul(_parameters[2].T) + _parameters[3];
    }

    /// <summary>PoissonNLLLoss with log input, mean reduction: mean(eˣ − t·x).</summary>
    public static Tensor PoissonLoss(Tensor logRate, Tensor target) => (logRate.Exp() - target * logRate).Mean();

    /// <summary>One Adam step: zero gradients, forward, loss, backward, update. Returns the loss.</summary>
    public double TrainStep(Tensor x, Tensor target)
    {
        foreach (var p in _parameters) p.ZeroGrad();
        var loss = PoissonLoss(Forward(x), target);
        loss.Backward();
        _step++;
        double c1 = 1 - Math.Pow(Beta1, _step), c2 = 1 - Math.Pow(Beta2, _step);
        for (int k = 0; k < _parameters.Length; k++)
        {
            double[] p = _parameters[k].Data, g = _parameters[k].Grad!.Data, m = _m[k], v = _v[k];
            for (int i = 0; i < p.Length; i++)
            {
                m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];
                v[i] = Beta2 * v[i] + (1 - Beta2) * g[i] * g[i];
                p[i] -= Lr * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + Eps);
            }
        }
        return loss.Data[0];
    }
}
