namespace Autograd.Tests.Reliability;

/// <summary>
/// A one-hidden-layer perceptron for count data written from raw Core tensors: the weights are leaves and the update
/// is plain SGD computed under <see cref="Tensor.NoGrad"/> and written back into the parameter buffers. It depends on
/// nothing but Autograd.Core, so the reliability tests judge the engine alone.
/// </summary>
internal sealed class RawMlp
{
    public RawMlp(int inputs, int hidden, Random random)
    {
        Parameters =
        [
            ScaledLeaf(Tensor.Randn([inputs, hidden], random), 1 / Math.Sqrt(inputs)),
            Tensor.Zeros([hidden], requiresGrad: true),
            ScaledLeaf(Tensor.Randn([hidden, 1], random), 1 / Math.Sqrt(hidden)),
            Tensor.Zeros([1], requiresGrad: true),
        ];
    }

    /// <summary>W1 [inputs, hidden], b1 [hidden], W2 [hidden, 1], b2 [1].</summary>
    public Tensor[] Parameters { get; }

    /// <summary>Log-rate η = tanh(x·W1 + b1)·W2 + b2, shape [batch, 1].</summary>
    public Tensor Forward(Tensor x) =>
        (x.MatMul(Parameters[0]) + Parameters[1]).Tanh().MatMul(Parameters[2]) + Parameters[3];

    /// <summary>Poisson negative log-likelihood with log input, averaged: mean(exp η − t·η).</summary>
    public static Tensor Loss(Tensor logRate, Tensor target) => (logRate.Exp() - target * logRate).Mean();

    /// <summary>One SGD step p ← p − lr·∂L/∂p on the batch; returns the loss before the step.</summary>
    public double Step(Tensor x, Tensor target, double learningRate)
    {
        var loss = Loss(Forward(x), target);
        loss.Backward();
        using (Tensor.NoGrad())
        {
            foreach (var p in Parameters)
            {
                var next = p - p.Grad! * learningRate;
                next.Span.CopyTo(p.WritableData());
                p.ZeroGrad();
            }
        }
        return loss.Item();
    }

    /// <summary>Every parameter element, in order, as its IEEE bit pattern: equal strings mean bit-identical weights.</summary>
    public string Fingerprint() => BitPattern.Of(Parameters);

    /// <summary>
    /// A synthetic batch: x ~ N(0, 1) of shape [size, inputs] and counts t = round(exp(x₀ / 2)) of shape [size, 1].
    /// </summary>
    public static (Tensor X, Tensor Target) Batch(int size, int inputs, Random random)
    {
        var x = Tensor.Randn([size, inputs], random);
        var t = new double[size];
        for (int i = 0; i < size; i++) t[i] = Math.Round(Math.Exp(x.Span[i * inputs] / 2));
        return (x, Tensor.FromArray(t, [size, 1]));
    }

    private static Tensor ScaledLeaf(Tensor t, double scale)
    {
        foreach (ref double v in t.WritableData().AsSpan()) v *= scale;
        t.RequiresGrad = true;
        return t;
    }
}
