using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Autograd.Tests.Nn.Optim;

/// <summary>
/// A synthetic Poisson GLM for the second-order optimizer tests: y ~ Poisson(exp(Xβ)) with an intercept, a normal, a
/// uniform and a binary covariate, and a reference fit by Newton/IRLS in MathNet (independent of the engine).
/// </summary>
internal sealed class PoissonGlmProblem
{
    public static readonly double[] TrueCoefficients = [0.3, 0.5, -0.8, 0.4];

    public int Rows { get; }
    public double[] Design { get; }
    public double[] Counts { get; }

    /// <param name="rows">Observations.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="columnScale">Each column of X multiplied by this (the intercept column too, so β scales by its inverse).</param>
    public PoissonGlmProblem(int rows, int seed, double[]? columnScale = null)
    {
        Rows = rows;
        Design = new double[rows * 4];
        Counts = new double[rows];
        var random = new Random(seed);
        for (int i = 0; i < rows; i++)
        {
            double[] row = [1.0, Normal.Sample(random, 0, 1), 2 * random.NextDouble() - 1, random.Next(2)];
            double eta = row.Zip(TrueCoefficients, (a, b) => a * b).Sum();
            Counts[i] = Poisson.Sample(random, Math.Exp(eta));
            for (int j = 0; j < 4; j++) Design[4 * i + j] = row[j] * (columnScale?[j] ?? 1.0);
        }
    }

    public Tensor X => Tensor.FromArray(Design, [Rows, 4]);
    public Tensor Y => Tensor.FromArray(Counts, [Rows, 1]);

    /// <summary>Σ exp(η) − y·η with η = Xβ: the negative log-likelihood without its constant.</summary>
    public Func<Tensor> Loss(Tensor beta)
    {
        var x = X;
        var y = Y;
        return () =>
        {
            var eta = x.MatMul(beta);
            return (eta.Exp() - y * eta).Sum();
        };
    }

    /// <summary>The MLE and the inverse Fisher information by 50 IRLS iterations in MathNet.</summary>
    public (double[] Estimate, double[] StandardErrors) Reference()
    {
        var x = Matrix<double>.Build.Dense(Rows, 4, (i, j) => Design[4 * i + j]);
        var y = Vector<double>.Build.DenseOfArray(Counts);
        var beta = Vector<double>.Build.Dense(4);
        beta[0] = Math.Log(y.Average() / x[0, 0]);
        Matrix<double> fisher = x.TransposeThisAndMultiply(x);
        for (int it = 0; it < 50; it++)
        {
            var mu = (x * beta).PointwiseExp();
            fisher = x.TransposeThisAndMultiply(x.PointwiseMultiply(Matrix<double>.Build.Dense(Rows, 4, (i, _) => mu[i])));
            beta += fisher.Solve(x.TransposeThisAndMultiply(y - mu));
        }
        return (beta.ToArray(), fisher.Inverse().Diagonal().PointwiseSqrt().ToArray());
    }
}
