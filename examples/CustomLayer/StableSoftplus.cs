using Autograd;

namespace CustomLayer;

/// <summary>
/// softplus(x) = log(1 + eˣ) as a custom differentiable op. The forward pass uses the stable form
/// max(x, 0) + log1p(e^−|x|), which neither overflows for large x (the naive form gives ∞ beyond x ≈ 709)
/// nor loses the tiny values for very negative x (the naive form gives 0 below x ≈ −37). The backward pass is
/// d softplus/dx = σ(x) = 1 / (1 + e^−x), written with tensor ops so that higher-order gradients work too.
/// </summary>
public sealed class StableSoftplus : Function
{
    /// <summary>softplus applied elementwise to <paramref name="x"/>, recorded on the tape.</summary>
    public static Tensor Apply(Tensor x) => new StableSoftplus().Apply([x]);

    /// <summary>y = max(x, 0) + log1p(e^−|x|), elementwise; saves x for the backward pass.</summary>
    public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (inputs.Length != 1) throw new ArgumentException($"{Name} takes one tensor, got {inputs.Length}.", nameof(inputs));
        var x = inputs[0];
        ctx.SaveForBackward(x);
        var values = x.ToArray();
        for (int i = 0; i < values.Length; i++) values[i] = Softplus(values[i]);
        return Tensor.FromArray(values, x.Shape);
    }

    /// <summary>dL/dx = dL/dy · σ(x).</summary>
    public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return [gradOutput * ctx.SavedTensors[0].Sigmoid()];
    }

    /// <summary>The scalar form: max(x, 0) + log1p(e^−|x|); NaN stays NaN, ±∞ map to ∞ and 0.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Log1P(Math.Exp(-Math.Abs(x)));

    /// <summary>log(1 + u) accurate for tiny u: log(w)·u/(w − 1) with w = 1 + u cancels the rounding of w (Goldberg's trick).</summary>
    private static double Log1P(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }
}
