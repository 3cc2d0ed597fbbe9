namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Attaches a node for a one-input op to <paramref name="result"/> when recording is on and the input needs a gradient;
    /// the node keeps what <paramref name="saves"/> names for the rule.
    /// </summary>
    internal static Tensor Recorded(Tensor result, string name, Tensor a, Saves saves, BackwardRule rule)
    {
        if (a._requiresGrad && IsRecording(out bool trace)) Attach(result, new Node(name, [EdgeTo(a)], rule, trace), saves, a, null);
        return result;
    }

    /// <summary>Attaches a node for a two-input op when recording is on and either input needs a gradient.</summary>
    internal static Tensor Recorded(Tensor result, string name, Tensor a, Tensor b, Saves saves, BackwardRule rule)
    {
        if ((a._requiresGrad || b._requiresGrad) && IsRecording(out bool trace))
            Attach(result, new Node(name, [EdgeTo(a), EdgeTo(b)], rule, trace), saves, a, b);
        return result;
    }

    /// <summary>Attaches a node for an op with any number of inputs when recording is on and any input needs a gradient.</summary>
    internal static Tensor Recorded(Tensor result, string name, Tensor[] inputs, Saves saves, BackwardRule rule)
    {
        if (Array.Exists(inputs, t => t._requiresGrad) && IsRecording(out bool trace))
            Attach(result, new Node(name, Array.ConvertAll(inputs, EdgeTo), rule, trace), saves, inputs[0], inputs.Length > 1 ? inputs[1] : null);
        return result;
    }

    /// <summary>The edge to an input: the node that computed it, or the leaf itself.</summary>
    private static Node.Edge EdgeTo(Tensor input) => new(input.Node, input.Node is null ? input : null);

    /// <summary>False inside a no-grad scope; <paramref name="captureTrace"/> tells whether anomaly detection is on. One context read.</summary>
    private static bool IsRecording(out bool captureTrace)
    {
        var state = GradMode.State;
        captureTrace = (state & GradMode.Switches.Anomaly) != 0;
        return (state & GradMode.Switches.Disabled) == 0;
    }

    private static void Attach(Tensor result, Node node, Saves saves, Tensor a, Tensor? b)
    {
        node.Save(saves, a, b, result);
        node.Shape = result._shape;
        result.Node = node;
        result._requiresGrad = true;
    }

    /// <summary>
    /// A buffer for an op's result that the op's kernel overwrites completely: not zeroed first, and one a finished
    /// backward pass gave back when there is one (<see cref="Kernels.BackwardArena"/>).
    /// </summary>
    internal static double[] Uninitialized(int length) => Kernels.BackwardArena.Rent(length);
}
