namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Attaches a node for a one-input op to <paramref name="result"/> when recording is on and the input needs a gradient.</summary>
    internal static Tensor Recorded(Tensor result, string name, Tensor a, BackwardRule rule)
    {
        if (a._requiresGrad && GradMode.IsEnabled) Attach(result, name, [a], rule);
        return result;
    }

    /// <summary>Attaches a node for a two-input op when recording is on and either input needs a gradient.</summary>
    internal static Tensor Recorded(Tensor result, string name, Tensor a, Tensor b, BackwardRule rule)
    {
        if ((a._requiresGrad || b._requiresGrad) && GradMode.IsEnabled) Attach(result, name, [a, b], rule);
        return result;
    }

    /// <summary>Attaches a node for an op with any number of inputs when recording is on and any input needs a gradient.</summary>
    internal static Tensor Recorded(Tensor result, string name, Tensor[] inputs, BackwardRule rule)
    {
        if (GradMode.IsEnabled && Array.Exists(inputs, t => t._requiresGrad)) Attach(result, name, inputs, rule);
        return result;
    }

    private static void Attach(Tensor result, string name, Tensor[] inputs, BackwardRule rule)
    {
        result.Node = new Node(name, inputs, rule);
        result._requiresGrad = true;
    }

    /// <summary>A new tensor of this tensor's shape whose data is f(this data).</summary>
    private Tensor Map(SpanMap f)
    {
        var d = new double[Data.Length];
        f(Data, d);
        return new Tensor(d, _shape);
    }

    private delegate void SpanMap(ReadOnlySpan<double> x, Span<double> destination);
}
