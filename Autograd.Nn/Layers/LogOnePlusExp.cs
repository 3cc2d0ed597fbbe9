using Autograd.Kernels;

namespace Autograd.Nn;

/// <summary>
/// softplus(z) = log(1 + eᶻ) as one recorded op, accurate to a few ulp over the whole double range. Forward is
/// max(z, 0) + log1p(e^−|z|): e^−|z| ∈ (0, 1] never overflows, and log1p keeps the tiny values of the far negative
/// tail (log(1 + u) rounds 1 + u to 1 once u &lt; 1.1e-16, i.e. below z ≈ −37, and loses digits long before).
/// Backward is ∂/∂z = σ(z), written with tensor ops on the saved input, so gradients of gradients work.
/// </summary>
internal sealed class LogOnePlusExp : Function
{
    private static readonly LogOnePlusExp Instance = new();

    /// <summary>log(1 + eᶻ) elementwise, recorded on the tape when <paramref name="z"/> requires a gradient.</summary>
    public static Tensor Apply(Tensor z) => Instance.Apply([z]);

    /// <inheritdoc/>
    public override string Name => "Softplus";

    /// <summary>y = max(z, 0) + log1p(e^−|z|) elementwise; saves z for the backward pass.</summary>
    public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
    {
        var z = inputs[0];
        ctx.SaveForBackward(z);
        var y = new double[z.Count];
        Chunked.Run(y.Length, (z.Data, y), static (state, start, count) =>
        {
            var (source, destination) = state;
            for (int i = start; i < start + count; i++) destination[i] = Of(source[i]);
        });
        return Tensor.FromArray(y, z.Shape);
    }

    /// <summary>dL/dz = dL/dy · σ(z).</summary>
    public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput * ctx.SavedTensors[0].Sigmoid()];

    /// <summary>The scalar form max(z, 0) + log1p(e^−|z|); NaN stays NaN, +∞ maps to ∞ and −∞ to 0.</summary>
    internal static double Of(double z) => Math.Max(z, 0) + Log1P(Math.Exp(-Math.Abs(z)));

    /// <summary>
    /// log(1 + u) for u ∈ [0, 1] to within a few ulp: with w = 1 + u rounded, log(w)·u/(w − 1) divides out the rounding
    /// of w (w − 1 is exact), so the tiny u that 1 + u loses survive (Goldberg, "What every computer scientist should
    /// know about floating-point arithmetic", theorem 4). Where w rounds to 1, log(1 + u) = u to double precision.
    /// </summary>
    private static double Log1P(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * (u / (w - 1));
    }
}
