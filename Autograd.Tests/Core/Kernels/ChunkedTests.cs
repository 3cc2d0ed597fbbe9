using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Tests.Core.Kernels;

/// <summary>Large elementwise ops are split across cores; every element must equal the single-threaded computation.</summary>
public class ChunkedTests
{
    private const int N = 300_001;  // several chunks plus a ragged last one

    private static double[] Values(int seed)
    {
        var r = new Random(seed);
        var x = Enumerable.Range(0, N).Select(_ => 4 * r.NextDouble() - 2).ToArray();
        x[5] = double.NaN;
        x[N - 1] = double.PositiveInfinity;
        return x;
    }

    [Fact]
    public void LargeBinaryOpsEqualTheSerialKernelElementByElement()
    {
        var x = Values(1);
        var y = Values(2);
        var product = (Tensor.FromArray(x) * Tensor.FromArray(y)).ToArray();
        var shifted = (Tensor.FromArray(x) - 0.5).ToArray();
        var reversed = (3.0 / Tensor.FromArray(y)).ToArray();
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(x[i] * y[i], product[i]);
            Assert.Equal(x[i] - 0.5, shifted[i]);
            Assert.Equal(3.0 / y[i], reversed[i]);
        }
    }

    [Fact]
    public void LargeUnaryOpsEqualTheSerialKernelElementByElement()
    {
        // Bit equality, special values included: each ExpKernels result depends on its own input only.
        var x = Values(3);
        x[5] = double.NaN;
        x[6] = 800.0;
        x[N - 1] = double.PositiveInfinity;
        var serial = new double[N];
        ExpKernels.Exp(x, serial);
        Assert.Equal(serial, Tensor.FromArray(x).Exp().ToArray());
        ExpKernels.Tanh(x, serial);
        Assert.Equal(serial, Tensor.FromArray(x).Tanh().ToArray());
        TensorPrimitives.Log(x, serial);
        Assert.Equal(serial, Tensor.FromArray(x).Log().ToArray());

        var exp = Tensor.FromArray(x).Exp().ToArray();
        var tanh = Tensor.FromArray(x).Tanh().ToArray();
        Assert.True(double.IsNaN(exp[5]) && double.IsNaN(tanh[5]));
        Assert.Equal(double.PositiveInfinity, exp[N - 1]);
        Assert.Equal(1.0, tanh[N - 1]);
    }
}
