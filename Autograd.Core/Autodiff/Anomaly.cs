namespace Autograd;

/// <summary>
/// Thrown in anomaly-detection mode when a backward rule produces NaN or infinity. Names the op and carries
/// the stack trace of the forward call that recorded it.
/// </summary>
public sealed class AnomalyException : InvalidOperationException
{
    /// <summary>The name of the op whose gradient rule produced a non-finite value, e.g. "Log".</summary>
    public string OpName { get; }

    /// <summary>Where in the forward pass the op was recorded (a C# stack trace).</summary>
    public string ForwardTrace { get; }

    internal AnomalyException(string opName, int input, string trace)
        : base($"Backward of '{opName}' produced NaN or infinity in the gradient of its input {input}. The op was recorded at:\n{trace}")
    {
        OpName = opName;
        ForwardTrace = trace;
    }
}

internal static class Anomaly
{
    public static void Check(Node node, int input, Tensor gradient)
    {
        foreach (double v in gradient.Data)
            if (!double.IsFinite(v))
                throw new AnomalyException(node.Name, input, node.CreationTrace ?? "(not captured: the op was recorded outside DetectAnomaly)");
    }
}
