using System.Globalization;

namespace Autograd.Nn;

/// <summary>
/// Fully connected layer, as <c>torch.nn.Linear</c>: y = x·Wᵀ + b with <see cref="Weight"/> W of shape [out, in] and
/// <see cref="Bias"/> b of shape [out]; input [..., in], output [..., out].
/// </summary>
public sealed class Linear : Module
{
    /// <summary>
    /// Creates the layer with PyTorch's default initialisation: every element of W and b drawn uniformly from
    /// [−1/√in, 1/√in), weight first, from <paramref name="random"/> (seed it for reproducible weights), or without one
    /// from the default generator: the enclosing <see cref="Tensor.ManualSeed"/> scope's, else <see cref="Random.Shared"/>.
    /// </summary>
    /// <param name="inFeatures">Size of each input row, ≥ 1.</param>
    /// <param name="outFeatures">Size of each output row, ≥ 1.</param>
    /// <param name="bias">Whether to learn an additive bias b (false: <see cref="Bias"/> is null and y = x·Wᵀ).</param>
    /// <param name="random">
    /// Source of the initial values. When null, the default generator: the innermost <see cref="Tensor.ManualSeed"/>
    /// scope's (weight and bias drawn together, under its lock), or <see cref="Random.Shared"/> outside every scope.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A feature count is below 1.</exception>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        (Weight, Bias) = Tensor.WithRandom(random, (inFeatures, outFeatures, bias), static (r, s) => Initial(s.inFeatures, s.outFeatures, s.bias, r));
    }

    /// <summary>Size of each input row.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output row.</summary>
    public int OutFeatures { get; }

    /// <summary>W, shape [out, in]; state-dict name <c>weight</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>b, shape [out], or null when the layer was made without bias; state-dict name <c>bias</c>.</summary>
    public Tensor? Bias { get; }

    /// <summary>y = x·Wᵀ + b for input [..., in].</summary>
    /// <exception cref="ArgumentException">The input's last dimension is not <see cref="InFeatures"/>.</exception>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <summary>PyTorch's settings line: <c>in_features=16, out_features=32, bias=True</c>.</summary>
    public override string ExtraRepr() =>
        $"in_features={InFeatures.ToString(CultureInfo.InvariantCulture)}, out_features={OutFeatures.ToString(CultureInfo.InvariantCulture)}, bias={PythonFormat.Bool(Bias is not null)}";

    /// <summary>Yields <c>weight</c>, then <c>bias</c> if present.</summary>
    protected override IEnumerable<(string Name, Tensor Parameter)> OwnParameters()
    {
        yield return ("weight", Weight);
        if (Bias is not null) yield return ("bias", Bias);
    }

    /// <summary>W then b (or null), uniform in [−1/√in, 1/√in), drawn from <paramref name="random"/> in that order.</summary>
    private static (Tensor Weight, Tensor? Bias) Initial(int inFeatures, int outFeatures, bool bias, Random random)
    {
        double bound = 1.0 / Math.Sqrt(inFeatures);
        var weight = Uniform([outFeatures, inFeatures], bound, random);
        return (weight, bias ? Uniform([outFeatures], bound, random) : null);
    }

    /// <summary>A leaf requiring a gradient, elements uniform in [−bound, bound).</summary>
    private static Tensor Uniform(int[] shape, double bound, Random random)
    {
        var t = Tensor.Rand(shape, random, requiresGrad: true);
        var data = t.WritableData();
        for (int i = 0; i < data.Length; i++) data[i] = (2 * data[i] - 1) * bound;
        return t;
    }
}
