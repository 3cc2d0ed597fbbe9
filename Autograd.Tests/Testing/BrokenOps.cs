namespace Autograd.Tests.Testing;

/// <summary>Ops whose gradients are deliberately wrong, to prove the gradient properties catch them and shrink well.</summary>
internal static class BrokenOps
{
    /// <summary>y = x², but backward returns g·2x·1.5 wherever |x| &gt; 1 (right for |x| ≤ 1).</summary>
    internal sealed class SquareOffBeyondOne : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
        {
            ctx.SaveForBackward(inputs[0]);
            return inputs[0] * inputs[0];
        }

        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput)
        {
            var x = ctx.SavedTensors[0];
            var factor = x.ToArray().Select(v => Math.Abs(v) > 1 ? 1.5 : 1.0).ToArray();
            return [gradOutput * 2.0 * x * Tensor.FromArray(factor, x.Shape)];
        }
    }

    /// <summary>y = x², backward from numbers (not recorded): first order right, second order 0 instead of 2.</summary>
    internal static readonly Function FirstOrderOnlySquare = Function.Elementwise("FirstOrderOnlySquare", x => x * x, x => 2 * x);
}
