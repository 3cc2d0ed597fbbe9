using Autograd.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Autograd.Tests.Core.Autodiff;

/// <summary>Autodiff.Jacobian / Hessian / Vjp / Jvp / Hvp against closed forms, finite differences and each other.</summary>
public class FunctionalDerivativeTests
{
    private static Tensor Vec(params double[] v) => Tensor.FromArray(v, [v.Length]);

    /// <summary>A·x for a matrix A [m, n] and x [n, k] (or [n], as a column).</summary>
    private static Tensor Times(Tensor a, Tensor x) =>
        x.Rank == 1 ? a.MatMul(x.Reshape(x.Shape[0], 1)).Reshape(a.Shape[0]) : a.MatMul(x);

    private static void Close(double[] expected, Tensor actual, double tolerance = 1e-10)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual.Span[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual.Span[i]}");
    }

    [Fact]
    public void JacobianOfAnElementwiseFunctionIsDiagonalWithTheDerivative()
    {
        var x = Tensor.FromArray([0.1, -0.7, 1.3, 0.4, -1.9, 2.2], [2, 3]);
        var j = Autograd.Autodiff.Jacobian(t => t.Sin() * 2.0, x);
        Assert.Equal([2, 3, 2, 3], j.Shape);
        var expected = new double[36];
        for (int i = 0; i < 6; i++) expected[i * 6 + i] = 2 * Math.Cos(x.Span[i]);
        Close(expected, j);
        Assert.False(j.RequiresGrad);
    }

    [Fact]
    public void JacobianOfAMatrixProductIsTheMatrix()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { -4, 5, 0.5 } });
        var x = Vec(0.3, -1.2, 2.0);
        Close(a.ToArray(), Autograd.Autodiff.Jacobian(t => Times(a, t), x));
        Assert.Equal([2, 3], Autograd.Autodiff.Jacobian(t => Times(a, t), x).Shape);

        // x [3, 2]: J[i, c, j, d] = A[i, j]·δ(c, d).
        var xm = Tensor.FromArray([1, 2, 3, 4, 5, 6], [3, 2]);
        var jm = Autograd.Autodiff.Jacobian(t => a.MatMul(t), xm);
        Assert.Equal([2, 2, 3, 2], jm.Shape);
        var expected = new double[24];
        for (int i = 0; i < 2; i++)
            for (int c = 0; c < 2; c++)
                for (int jj = 0; jj < 3; jj++)
                    expected[((i * 2 + c) * 3 + jj) * 2 + c] = a.Span[i * 3 + jj];
        Close(expected, jm);
    }

    [Fact]
    public void HessianOfAQuadraticFormIsTheSymmetricPart()
    {
        var a = Tensor.FromArray(new double[,] { { 2, 1, -3 }, { 4, 0.5, 1 }, { 0, 7, -1 } });
        var x = Vec(0.2, -0.4, 1.5);
        var h = Autograd.Autodiff.Hessian(t => (t * Times(a, t)).Sum() * 0.5, x);
        Assert.Equal([3, 3], h.Shape);
        var expected = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                expected[i * 3 + j] = (a.Span[i * 3 + j] + a.Span[j * 3 + i]) / 2;
        Close(expected, h);
        Assert.False(h.RequiresGrad);
    }

    [Fact]
    public void PoissonLikelihoodHessianOverBiasAndWeightIsXtWX()
    {
        // L(b, w) = Σ exp(η) − y·η with η = b + Z·w; X = [1 | Z], H = Xᵀ diag(exp(η)) X.
        var z = Tensor.FromArray(new double[,] { { 0.5, -1.0 }, { 1.2, 0.3 }, { -0.7, 0.8 }, { 0.1, 0.1 }, { 2.0, -0.5 } });
        var y = Vec(1, 0, 3, 2, 1);
        var bias = Tensor.FromArray([0.2], [1], requiresGrad: true);
        var weight = Tensor.FromArray([0.4, -0.3], [2], requiresGrad: true);
        var unused = Tensor.FromArray([9.0, 9.0], [2], requiresGrad: true);
        Tensor Eta() => Times(z, weight) + bias;
        var h = Autograd.Autodiff.Hessian(() => (Eta().Exp() - y * Eta()).Sum(), [bias, weight, unused]);
        Assert.Equal([5, 5], h.Shape);

        double[,] xFull = new double[5, 3];
        var mu = new double[5];
        for (int r = 0; r < 5; r++)
        {
            xFull[r, 0] = 1;
            xFull[r, 1] = z.Span[r * 2];
            xFull[r, 2] = z.Span[r * 2 + 1];
            mu[r] = Math.Exp(0.2 + 0.4 * xFull[r, 1] - 0.3 * xFull[r, 2]);
        }
        var expected = new double[25];   // the unused parameter's rows and columns stay zero
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int r = 0; r < 5; r++)
                    expected[i * 5 + j] += xFull[r, i] * mu[r] * xFull[r, j];
        Close(expected, h);
        Assert.Null(bias.Grad);
        Assert.Null(weight.Grad);
        Assert.Equal([0.4, -0.3], weight.ToArray());
    }

    private static Tensor Nonlinear(Tensor t) => (t.Sin() * (t * 0.5).Exp().Sum()).Tanh() + t.Square() * 0.3;
    private static Tensor Scalar(Tensor t) => (t.Cos() * t).Sum() + (t.Square().Sum() * 0.2).Exp();

    private static Gen<Tensor> Points => TensorGen.Shape(maxRank: 2, maxDim: 3).SelectMany(s => TensorGen.Tensor(s, -1, 1, requiresGrad: false));

    private static Tensor Perturbed(Tensor x, int j, double h)
    {
        var d = x.ToArray();
        d[j] += h;
        return Tensor.FromArray(d, x.Shape);
    }

    [Property(MaxTest = 20)]
    public Property JacobianAndHessianMatchCentralDifferences() =>
        Prop.ForAll(Points.ToArbitrary(), x =>
        {
            const double step = 1e-6;
            int n = x.Count;
            var j = Autograd.Autodiff.Jacobian(Nonlinear, x);
            var h = Autograd.Autodiff.Hessian(Scalar, x);
            Assert.Equal([.. x.Shape, .. x.Shape], j.Shape);
            Assert.Equal([.. x.Shape, .. x.Shape], h.Shape);
            Tensor GradAt(Tensor p) => Autograd.Autodiff.Vjp(Scalar, p, Tensor.Scalar(1.0)).Vjp;
            var jn = new double[n * n];
            var hn = new double[n * n];
            for (int c = 0; c < n; c++)
            {
                var plus = Nonlinear(Perturbed(x, c, step)).Span;
                var minus = Nonlinear(Perturbed(x, c, -step)).Span;
                var gPlus = GradAt(Perturbed(x, c, step)).Span;
                var gMinus = GradAt(Perturbed(x, c, -step)).Span;
                for (int r = 0; r < n; r++)
                {
                    jn[r * n + c] = (plus[r] - minus[r]) / (2 * step);
                    hn[r * n + c] = (gPlus[r] - gMinus[r]) / (2 * step);
                }
            }
            Close(jn, j, 1e-6);
            Close(hn, h, 1e-6);
            return true;
        });

    [Property(MaxTest = 20)]
    public Property ProductsEqualTheMatricesTimesTheVector() =>
        Prop.ForAll(
            (from s in TensorGen.Shape(maxRank: 2, maxDim: 3)
             from x in TensorGen.Tensor(s, -1, 1, requiresGrad: false)
             from v in TensorGen.Tensor(s, -2, 2, requiresGrad: false)
             from w in TensorGen.Tensor(s, -2, 2, requiresGrad: false)
             select (x, v, w)).ToArbitrary(),
            c =>
            {
                int n = c.x.Count;
                var j = Autograd.Autodiff.Jacobian(Nonlinear, c.x).Span;
                var h = Autograd.Autodiff.Hessian(Scalar, c.x).Span;
                var jv = new double[n];
                var vj = new double[n];
                var hv = new double[n];
                for (int r = 0; r < n; r++)
                    for (int k = 0; k < n; k++)
                    {
                        jv[r] += j[r * n + k] * c.v.Span[k];
                        vj[k] += c.w.Span[r] * j[r * n + k];
                        hv[r] += h[r * n + k] * c.v.Span[k];
                    }
                var (jOut, jvp) = Autograd.Autodiff.Jvp(Nonlinear, c.x, c.v);
                var (vOut, vjp) = Autograd.Autodiff.Vjp(Nonlinear, c.x, c.w);
                var (hOut, hvp) = Autograd.Autodiff.Hvp(Scalar, c.x, c.v);
                Close(jv, jvp);
                Close(vj, vjp);
                Close(hv, hvp);
                Close(Nonlinear(c.x).ToArray(), jOut);
                Close(Nonlinear(c.x).ToArray(), vOut);
                Close([Scalar(c.x).Item()], hOut);
                Assert.Equal(c.x.Shape, jvp.Shape);
                Assert.Equal(c.x.Shape, vjp.Shape);
                Assert.Equal(c.x.Shape, hvp.Shape);
                Assert.All(new[] { jvp, vjp, hvp, jOut, vOut, hOut }, t => Assert.False(t.RequiresGrad));
                return true;
            });

    [Fact]
    public void ScalarInputsEmptyInputsAndUnreachedOutputs()
    {
        var s = Tensor.Scalar(0.5);
        var h = Autograd.Autodiff.Hessian(t => t * t * t, s);
        Assert.Equal(Array.Empty<int>(), h.Shape);
        Close([3.0], h);

        var empty = Tensor.Zeros(0);
        Assert.Equal([0, 0], Autograd.Autodiff.Jacobian(t => t * 2.0, empty).Shape);

        var x = Vec(1, 2);
        var constant = Vec(5, 6, 7);
        Close(new double[6], Autograd.Autodiff.Jacobian(_ => constant, x));
        Close(new double[4], Autograd.Autodiff.Hessian(t => t.Sum(), x));   // linear: zero Hessian
        Close([0, 0], Autograd.Autodiff.Hvp(t => t.Sum() * 3.0, x, Vec(1, 1)).Hvp);
        Close([0, 0, 0], Autograd.Autodiff.Jvp(_ => constant, x, Vec(1, 1)).Jvp);
        // The identity: the engine may hand back v itself; the result must still be a copy.
        var v = Vec(3, 4);
        var (output, vjp) = Autograd.Autodiff.Vjp(t => t, x, v);
        Assert.NotSame(v, vjp);
        Assert.False(output.RequiresGrad);
        Close([3, 4], vjp);
        Close([3, 4], Autograd.Autodiff.Jvp(t => t, x, v).Jvp);
    }

    [Fact]
    public void WorksInsideNoGradAndLeavesTheCallersTensorAlone()
    {
        var x = Tensor.FromArray([0.3, -0.8], [2], requiresGrad: true);
        (x * 5.0).Sum().Backward();
        using (Tensor.NoGrad())
        {
            var j = Autograd.Autodiff.Jacobian(t => t.Exp(), x);
            Close([Math.Exp(0.3), 0, 0, Math.Exp(-0.8)], j);
            Close([2 * 0.3 * 1, 2 * -0.8 * 2], Autograd.Autodiff.Hvp(t => (t * t * t).Sum() / 3.0, x, Vec(1, 2)).Hvp);
        }
        Assert.Equal([0.3, -0.8], x.ToArray());
        Assert.Equal([5.0, 5.0], x.Grad!.ToArray());
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void BadArgumentsThrowNamingTheShapes()
    {
        var x = Vec(1, 2, 3);
        var before = x.ToArray();
        Func<Tensor, Tensor> vector = t => t * 2.0;

        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Jacobian(null!, x));
        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Jacobian(vector, null!));
        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Vjp(vector, x, null!));
        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Jvp(vector, x, null!));
        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Hvp(null!, x, x));
        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Hessian((Func<Tensor>)null!, [x]));
        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Hessian(() => x.Sum(), null!));
        Assert.Throws<ArgumentNullException>(() => Autograd.Autodiff.Hessian(() => x.Sum(), [null!]));
        Assert.Contains("returned null", Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Jacobian(_ => null!, x)).Message);

        var e = Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Hessian(vector, x));
        Assert.Contains("[3]", e.Message);
        Assert.Equal("f", e.ParamName);
        Assert.Contains("[3]", Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Hvp(vector, x, x)).Message);

        e = Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Vjp(vector, x, Vec(1, 2)));
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[3]", e.Message);
        Assert.Equal("v", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Jvp(t => t.Sum(), x, Tensor.Scalar(1)));
        Assert.Contains("[]", e.Message);
        Assert.Contains("[3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Hvp(t => t.Sum(), x, Tensor.Zeros(3, 1)));
        Assert.Contains("[3, 1]", e.Message);

        var p = Tensor.FromArray([1.0, 2.0], [2, 1], requiresGrad: true);
        e = Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Hessian(() => (p * x).Sum(), [p, x]));
        Assert.Contains("Parameter 1", e.Message);
        Assert.Contains("[3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Autograd.Autodiff.Hessian(() => p * 2.0, [p]));
        Assert.Contains("[2, 1]", e.Message);
        Assert.Equal("loss", e.ParamName);

        Assert.Equal(before, x.ToArray());
        Assert.Null(p.Grad);
    }
}
