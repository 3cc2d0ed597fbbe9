using System.Globalization;
using System.Runtime.CompilerServices;

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

    /// <summary>A tensor of shape [rows, columns] holding a copy of the two-dimensional array <paramref name="data"/>: element [i, j] is data[i, j].</summary>
    /// <remarks>Ranked below the one-dimensional overload, so an untyped <c>FromArray(null)</c> still means that one.</remarks>
    [OverloadResolutionPriority(-1)]
    public static Tensor FromArray(double[,] data, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.GetLength(0), columns = data.GetLength(1);
        var copy = new double[rows * columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                copy[i * columns + j] = data[i, j];
        return new Tensor(copy, [rows, columns], requiresGrad);
    }

    /// <summary>A copy of a rank-2 tensor's elements as a two-dimensional array: element [i, j] is xᵢⱼ.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not of rank 2 (its shape is named).</exception>
    public double[,] ToArray2D()
    {
        if (Rank != 2)
            throw new InvalidOperationException($"ToArray2D() needs a tensor of rank 2, but this one has rank {Rank} (shape {Shapes.Format(_shape)}).");
        int rows = _shape[0], columns = _shape[1];
        var x = Data;
        var result = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                result[i, j] = x[i * columns + j];
        return result;
    }

    /// <summary>The n×n identity matrix: Iᵢⱼ = 1 where i = j, else 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> is negative.</exception>
    public static Tensor Eye(int n)
    {
        if (n < 0) throw new ArgumentException($"Eye needs a non-negative size, got n = {n}.", nameof(n));
        var t = Zeros([n, n], false);
        for (int i = 0; i < n; i++) t.Data[i * n + i] = 1;
        return t;
    }

    /// <summary>
    /// The one-dimensional tensor [start, start + step, start + 2·step, ...] of the ⌈(end − start)/step⌉ values short of
    /// <paramref name="end"/> (end excluded), element i being start + i·step, as PyTorch's <c>torch.arange</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A bound or the step is NaN or infinite, the step is 0, its sign points away from <paramref name="end"/>, or the count is
    /// too large for an array (the values are named).
    /// </exception>
    public static Tensor Arange(double start, double end, double step = 1)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end) || !double.IsFinite(step))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Arange needs finite bounds and step, got start = {start}, end = {end}, step = {step}."), nameof(step));
        if (step == 0) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Arange needs a non-zero step, got step = {step}."), nameof(step));
        if ((step > 0 && end < start) || (step < 0 && end > start))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Arange's step has the wrong sign for its bounds: start = {start}, end = {end}, step = {step}."), nameof(step));
        double count = Math.Ceiling((end - start) / step);
        if (!(count <= Array.MaxLength))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Arange(start = {start}, end = {end}, step = {step}) would have {count} elements, more than an array holds."), nameof(step));
        var data = new double[(int)count];
        for (int i = 0; i < data.Length; i++) data[i] = start + i * step;
        return new Tensor(data, [data.Length]);
    }

    /// <summary>[0, 1, ..., ⌈end⌉ − 1]: <see cref="Arange(double, double, double)"/> from 0 with step 1.</summary>
    /// <exception cref="ArgumentException"><paramref name="end"/> is negative, NaN or infinite.</exception>
    public static Tensor Arange(double end) => Arange(0, end, 1);

    /// <summary>
    /// <paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/>, both included, as
    /// PyTorch computes them: with h = (end − start)/(steps − 1), element i is start + i·h in the first half (i &lt; steps/2)
    /// and end − (steps − 1 − i)·h in the second, so the last is exactly end. One step gives [start]; zero steps, [].
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="steps"/> is negative.</exception>
    public static Tensor Linspace(double start, double end, int steps)
    {
        if (steps < 0) throw new ArgumentException($"Linspace needs a non-negative number of steps, got steps = {steps}.", nameof(steps));
        var data = new double[steps];
        if (steps == 1) data[0] = start;
        else if (steps > 1)
        {
            double h = (end - start) / (steps - 1);
            int half = steps / 2;
            for (int i = 0; i < steps; i++) data[i] = i < half ? start + i * h : end - (steps - 1 - i) * h;
        }
        return new Tensor(data, [steps]);
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
