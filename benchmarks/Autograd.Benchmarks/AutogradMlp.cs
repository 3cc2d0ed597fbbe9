using Autograd.Nn;

namespace Autograd.Benchmarks;

/// <summary>
/// inputs → hidden → 1 MLP with ReLU (Autograd.Nn's Sequential, Linear, ReLU), PoissonNLLLoss with log input and mean
/// reduction, and Adam. Adam is written out here until Autograd.Optim lands on main; it is the textbook update.
/// </summary>
internal sealed class AutogradMlp
{
    private readonly Sequential _model;
    private readonly PoissonNLLLoss _loss = new();
    private readonly Tensor[] _parameters;
    private readonly double[][] _m, _v;
    private int _step;
    private const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    public AutogradMlp(int inputs, int hidden, Random random)
    {
        _model = new Sequential(new Linear(inputs, hidden, random: random), new ReLU(), new Linear(hidden, 1, random: random));
        _parameters = [.. _model.Parameters()];
        _m = Array.ConvertAll(_parameters, p => new double[p.Count]);
        _v = Array.ConvertAll(_parameters, p => new double[p.Count]);
    }

    /// <summary>One Adam step: zero gradients, forward, loss, backward, update. Returns the loss.</summary>
    public double TrainStep(Tensor x, Tensor target)
    {
        _model.ZeroGrad();
        var loss = _loss.Forward(_model.Forward(x), target);
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
