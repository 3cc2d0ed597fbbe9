namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>A tensor of the given shape holding a copy of <paramref name="data"/> in row-major order.</summary>
    public static Tensor FromArray(double[] data, int[] shape, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = Shapes.Validate(shape);
        if (data.Length != Shapes.Count(s))
            throw new ArgumentException($"Data has {data.Length} elements but shape {Shapes.Format(s)} needs {Shapes.Count(s)}.", nameof(data));
        return new Tensor((double[])data.Clone(), s, requiresGrad);
    }

    /// <summary>A one-dimensional tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(double[] data, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray(data, [data.Length], requiresGrad);
    }

    /// <summary>A tensor of the given shape with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(int[] shape, double value, bool requiresGrad = false)
    {
        var s = Shapes.Validate(shape);
        var data = new double[Shapes.Count(s)];
        if (BitConverter.DoubleToInt64Bits(value) != 0) data.AsSpan().Fill(value); // fill unless +0.0 (−0.0 must be filled)
        return new Tensor(data, s, requiresGrad);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Full(shape, 0.0);

    /// <summary>A tensor of zeros, optionally a leaf that requires a gradient.</summary>
    public static Tensor Zeros(int[] shape, bool requiresGrad) => Full(shape, 0.0, requiresGrad);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(shape, 1.0);

    /// <summary>A tensor of ones, optionally a leaf that requires a gradient.</summary>
    public static Tensor Ones(int[] shape, bool requiresGrad) => Full(shape, 1.0, requiresGrad);

    /// <summary>A zero-dimensional tensor (shape []) holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, bool requiresGrad = false) => new([value], [], requiresGrad);

    /// <summary>Independent draws from the uniform distribution on [0, 1), taken from <paramref name="random"/>.</summary>
    public static Tensor Rand(int[] shape, Random random, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        var t = Full(shape, 0.0, requiresGrad);
        for (int i = 0; i < t.Data.Length; i++) t.Data[i] = random.NextDouble();
        return t;
    }

    /// <summary>Independent standard normal draws N(0, 1) from <paramref name="random"/> (Box–Muller transform).</summary>
    public static Tensor Randn(int[] shape, Random random, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        var t = Full(shape, 0.0, requiresGrad);
        for (int i = 0; i < t.Data.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), theta = 2.0 * Math.PI * u2;
            t.Data[i] = r * Math.Cos(theta);
            if (i + 1 < t.Data.Length) t.Data[i + 1] = r * Math.Sin(theta);
        }
        return t;
    }

    /// <summary>Opens a scope (for this thread and its async flow) in which no op is recorded: <c>using (Tensor.NoGrad()) { ... }</c>.</summary>
    public static IDisposable NoGrad() => GradMode.Set(false);

    /// <summary>Opens a scope in which recording is on again, inside an outer <see cref="NoGrad"/>.</summary>
    public static IDisposable EnableGrad() => GradMode.Set(true);

    /// <summary>
    /// Opens a scope in which every recorded op keeps the stack trace of its creation and backward throws
    /// <see cref="AnomalyException"/> naming the first op whose gradient rule produced NaN or infinity. Slow; for debugging.
    /// </summary>
    public static IDisposable DetectAnomaly() => GradMode.SetAnomaly(true);
}
