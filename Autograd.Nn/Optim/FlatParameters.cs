using System.Numerics.Tensors;

namespace Autograd.Optim;

/// <summary>
/// The parameters of a second-order optimizer seen as one flat vector θ: each tensor flattened row-major and concatenated
/// in the order given, as <see cref="Autodiff.Hessian(Func{Tensor}, IEnumerable{Tensor})"/> orders them.
/// </summary>
internal static class FlatParameters
{
    /// <summary>Total element count of <paramref name="parameters"/>; throws when they do not fit one array.</summary>
    public static int Length(Tensor[] parameters, string parameterName)
    {
        long total = parameters.Sum(p => (long)p.Count);
        if (total > Array.MaxLength)
            throw new ArgumentException($"The parameters hold {total} elements in all, more than one flat vector can hold.", parameterName);
        return (int)total;
    }

    /// <summary>Copies every parameter's gradient into <paramref name="flat"/> (zeros where Grad is null).</summary>
    public static void GatherGradient(Tensor[] parameters, Span<double> flat)
    {
        int offset = 0;
        foreach (var p in parameters)
        {
            var segment = flat.Slice(offset, p.Count);
            if (p.Grad is { } g) g.Data.CopyTo(segment);
            else segment.Clear();
            offset += p.Count;
        }
    }

    /// <summary>Sets every parameter's Grad to its segment of <paramref name="flat"/>, as a Backward would have.</summary>
    public static void ScatterGradient(Tensor[] parameters, ReadOnlySpan<double> flat)
    {
        int offset = 0;
        foreach (var p in parameters)
        {
            p.Grad = new Tensor(flat.Slice(offset, p.Count).ToArray(), p.Shape);
            offset += p.Count;
        }
    }

    /// <summary>Copies the parameters' values into <paramref name="flat"/>.</summary>
    public static void Read(Tensor[] parameters, Span<double> flat)
    {
        int offset = 0;
        foreach (var p in parameters)
        {
            p.Data.CopyTo(flat.Slice(offset, p.Count));
            offset += p.Count;
        }
    }

    /// <summary>Sets the parameters to the values in <paramref name="flat"/>, in place.</summary>
    public static void Write(Tensor[] parameters, ReadOnlySpan<double> flat)
    {
        int offset = 0;
        foreach (var p in parameters)
        {
            flat.Slice(offset, p.Count).CopyTo(p.WritableData());
            offset += p.Count;
        }
    }

    /// <summary>Sets the parameters to θ = start + t·d, in place.</summary>
    public static void Move(Tensor[] parameters, ReadOnlySpan<double> start, double t, ReadOnlySpan<double> d)
    {
        int offset = 0;
        foreach (var p in parameters)
        {
            TensorPrimitives.MultiplyAdd(d.Slice(offset, p.Count), t, start.Slice(offset, p.Count), p.WritableData());
            offset += p.Count;
        }
    }

    /// <summary>max |vᵢ| (0 for an empty vector; NaN if any element is NaN).</summary>
    public static double MaxAbs(ReadOnlySpan<double> v) => v.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(v));
}
