using static Autograd.Tests.Reliability.Expected;

namespace Autograd.Tests.Reliability;

/// <summary>
/// Wrong calls to Autodiff.Grad, GradCheck, custom Functions and Shapes: the right exception, a message naming the problem,
/// nothing changed.
/// </summary>
public sealed class AutodiffBadInputTests
{
    private static readonly Func<Tensor[], Tensor> Square = x => (x[0] * x[0]).Sum();

    private static readonly BadInputCatalogue Catalogue = new()
    {
        // Autodiff.Grad
        { "Grad: null output", f => Autodiff.Grad(null!, [f.A]), Null("output") },
        { "Grad: null inputs", f => Autodiff.Grad(f.Y, null!), Null("inputs") },
        { "Grad: a null input", f => Autodiff.Grad(f.Y, [f.A, null!]), Null("inputs") },
        { "Grad: six-element output without gradOutput", f => Autodiff.Grad(f.Z, [f.A]), InvalidOperation("[2, 3]", "gradOutput") },
        { "Grad: gradOutput of the wrong shape", f => Autodiff.Grad(f.Z, [f.A], Tensor.Ones(3)), Argument(null, "[3]", "[2, 3]") },
        { "Grad: output with no recorded history", f => Autodiff.Grad(f.C.Sum(), [f.A]), InvalidOperation("requiresGrad") },
        { "Grad: graph already released", f => Autodiff.Grad(f.Spent, [f.L]), InvalidOperation("second time", "retainGraph") },

        // GradCheck
        { "GradCheck.Check: null f", f => GradCheck.Check(null!, [f.A]), Null("f") },
        { "GradCheck.Check: null inputs", f => GradCheck.Check(Square, null!), Null("inputs") },
        { "GradCheck.Check: a null input", f => GradCheck.Check(Square, [f.A, null!]), Null("inputs") },
        { "GradCheck.Check: eps 0", f => GradCheck.Check(Square, [f.A], eps: 0), OutOfRange("eps", "eps") },
        { "GradCheck.Check: eps negative", f => GradCheck.Check(Square, [f.A], eps: -1e-6), OutOfRange("eps", "eps") },
        { "GradCheck.Check: eps NaN", f => GradCheck.Check(Square, [f.A], eps: double.NaN), OutOfRange("eps", "eps") },
        { "GradCheck.Check: atol negative", f => GradCheck.Check(Square, [f.A], atol: -1), OutOfRange("atol", "atol") },
        { "GradCheck.Check: atol NaN", f => GradCheck.Check(Square, [f.A], atol: double.NaN), OutOfRange("atol", "atol") },
        { "GradCheck.Check: rtol negative", f => GradCheck.Check(Square, [f.A], rtol: -1), OutOfRange("rtol", "rtol") },
        { "GradCheck.Check: rtol NaN", f => GradCheck.Check(Square, [f.A], rtol: double.NaN), OutOfRange("rtol", "rtol") },
        { "GradCheck.Check: f returns null", f => GradCheck.Check(_ => null!, [f.A]), InvalidOperation("returned null") },
        { "GradCheck.Assert: null f", f => GradCheck.Assert(null!, [f.A]), Null("f") },
        { "GradCheck.Assert: eps NaN", f => GradCheck.Assert(Square, [f.A], eps: double.NaN), OutOfRange("eps", "eps") },
        { "GradCheck.CheckSecondOrder: null f", f => GradCheck.CheckSecondOrder(null!, [f.A]), Null("f") },
        { "GradCheck.CheckSecondOrder: a null input", f => GradCheck.CheckSecondOrder(Square, [null!]), Null("inputs") },
        { "GradCheck.CheckSecondOrder: eps NaN", f => GradCheck.CheckSecondOrder(Square, [f.A], eps: double.NaN), OutOfRange("eps", "eps") },
        { "GradCheckException: null result", f => _ = new GradCheckException(null!), Null("result") },

        // Custom functions
        { "Function.Apply: null inputs", f => new Scaled(x => [x]).Apply(null!), Null("inputs") },
        { "Function.Apply: a null input", f => new Scaled(x => [x]).Apply(f.A, null!), Null("inputs") },
        { "Function.Forward returns null", f => new NullForward().Apply(f.A), InvalidOperation("NullForward", "returned null") },
        { "Function.Backward returns null", f => new Scaled(_ => null!).Apply(f.A).Sum().Backward(), InvalidOperation("Scaled", "returned null") },
        { "Function.Backward returns two gradients for one input", f => new Scaled(g => [g, g]).Apply(f.A).Sum().Backward(), InvalidOperation("2 gradients for 1 inputs") },
        { "Function.Backward returns a gradient of the wrong shape", f => new Scaled(g => [g.T]).Apply(f.A).Sum().Backward(), InvalidOperation("[3, 2]", "[2, 3]") },
        { "Function.Elementwise: null name", f => Function.Elementwise(null!, x => x, _ => 1), Null("name") },
        { "Function.Elementwise: null f", f => Function.Elementwise("Id", null!, _ => 1), Null("f") },
        { "Function.Elementwise: null derivative", f => Function.Elementwise("Id", x => x, null!), Null("derivative") },
        { "Function.Elementwise: two inputs", f => Function.Elementwise("Id", x => x, _ => 1).Apply(f.A, f.C), Argument("inputs", "Id", "one input") },
        { "FunctionContext.SaveForBackward: null", f => new SavesNull().Apply(f.A), Null("tensors") },

        // Shapes
        { "Shapes.Count: negative dimension", f => Shapes.Count([2, -1]), Argument("shape", "[2, -1]", "negative") },
        { "Shapes.Count: more elements than an array holds", f => Shapes.Count([1 << 20, 1 << 20]), Argument("shape", "[1048576, 1048576]") },
        { "Shapes.Validate: null", f => Shapes.Validate(null!), Null("shape") },
        { "Shapes.Validate: negative dimension", f => Shapes.Validate([0, -5]), Argument("shape", "[0, -5]", "negative") },
        { "Shapes.Strides: negative dimension", f => Shapes.Strides([3, -1]), Argument("shape", "[3, -1]", "negative") },
        { "Shapes.Broadcast: [2, 3] and [3, 2]", f => Shapes.Broadcast([2, 3], [3, 2]), Argument(null, "[2, 3]", "[3, 2]") },
        { "Shapes.Broadcast: negative dimension", f => Shapes.Broadcast([-1], [1]), Argument("a", "[-1]", "negative") },
        { "Shapes.BroadcastsTo: negative dimension", f => Shapes.BroadcastsTo([2], [-2]), Argument("to", "[-2]", "negative") },
        { "Shapes.NormalizeDim: 2 of rank 2", f => Shapes.NormalizeDim(2, 2), OutOfRange("dim", "2", "rank 2") },
        { "Shapes.NormalizeDim: -3 of rank 2", f => Shapes.NormalizeDim(-3, 2, "axis"), OutOfRange("axis", "-3", "rank 2") },
    };

    public static TheoryData<string> Names => Catalogue.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void AWrongCallThrowsTheRightExceptionNamingTheProblemAndChangesNothing(string call) => Catalogue.Verify(call);

    /// <summary>y = 2x with a backward supplied by the test (possibly wrong).</summary>
    private sealed class Scaled(Func<Tensor, Tensor?[]> backward) : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs) => inputs[0] * 2.0;
        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => backward(gradOutput);
    }

    private sealed class NullForward : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs) => null!;
        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput];
    }

    private sealed class SavesNull : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs)
        {
            ctx.SaveForBackward(null!);
            return inputs[0];
        }

        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput];
    }
}
