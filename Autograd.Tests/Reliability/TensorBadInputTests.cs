using static Autograd.Tests.Reliability.Expected;

namespace Autograd.Tests.Reliability;

/// <summary>Wrong calls to the Tensor factories, members and ops: the right exception, a message naming the problem, nothing changed.</summary>
public sealed class TensorBadInputTests
{
    private static readonly BadInputCatalogue Catalogue = new()
    {
        // Factories
        { "FromArray: null data", _ => Tensor.FromArray(null!, [1]), Null("data") },
        { "FromArray: null shape", _ => Tensor.FromArray([1.0], null!), Null("shape") },
        { "FromArray: 5 values for shape [2, 3]", _ => Tensor.FromArray(new double[5], [2, 3]), Argument("data", "5", "[2, 3]") },
        { "FromArray: negative dimension", _ => Tensor.FromArray([], [2, -3]), Argument("shape", "[2, -3]", "negative") },
        { "FromArray 1-D: null data", _ => Tensor.FromArray(null!), Null("data") },
        { "Zeros: negative dimension", _ => Tensor.Zeros(2, -1), Argument("shape", "[2, -1]", "negative") },
        { "Zeros: null shape", _ => Tensor.Zeros(null!), Null("shape") },
        { "Zeros(requiresGrad): negative dimension", _ => Tensor.Zeros([-4], true), Argument("shape", "[-4]") },
        { "Ones: negative dimension", _ => Tensor.Ones(-1, 3), Argument("shape", "[-1, 3]") },
        { "Ones(requiresGrad): null shape", _ => Tensor.Ones(null!, true), Null("shape") },
        { "Full: null shape", _ => Tensor.Full(null!, 1.0), Null("shape") },
        { "Full: negative dimension", _ => Tensor.Full([3, -2], 1.0), Argument("shape", "[3, -2]") },
        { "Full: more elements than an array holds", _ => Tensor.Full([100_000, 100_000], 0.0), Argument("shape", "[100000, 100000]") },
        { "Rand: null random", _ => Tensor.Rand([2], null!), Null("random") },
        { "Rand: negative dimension", _ => Tensor.Rand([-2], new Random(1)), Argument("shape", "[-2]") },
        { "Randn: null random", _ => Tensor.Randn([2], null!), Null("random") },
        { "Randn: negative dimension", _ => Tensor.Randn([2, -2], new Random(1)), Argument("shape", "[2, -2]") },
        { "ZerosLike: null", _ => Tensor.ZerosLike(null!), Null("like") },
        { "OnesLike: null", _ => Tensor.OnesLike(null!), Null("like") },

        // Members
        { "Item: six elements", f => f.A.Item(), InvalidOperation("[2, 3]") },
        { "RequiresGrad = false on a computed tensor", f => f.Z.RequiresGrad = false, InvalidOperation("leaf") },
        { "RetainGrad on a constant", f => f.C.RetainGrad(), InvalidOperation("does not require a gradient") },
        { "Backward(): six elements", f => f.Z.Backward(), InvalidOperation("[2, 3]", "gradient") },
        { "Backward(): no recorded history", f => f.C.Sum().Backward(), InvalidOperation("requiresGrad") },
        { "Backward(): graph already released", f => f.Spent.Backward(), InvalidOperation("second time", "retainGraph") },
        { "Backward(gradient): graph already released", f => f.Spent.Backward(Tensor.Scalar(1.0)), InvalidOperation("second time") },
        { "Backward(gradient): null", f => f.Z.Backward(null!), Null("gradient") },
        { "Backward(gradient): wrong shape", f => f.Z.Backward(Tensor.Ones(3, 2)), Argument("gradient", "[3, 2]", "[2, 3]") },
        { "Backward(gradient, retainGraph): wrong shape", f => f.Y.Backward(Tensor.Ones(2), retainGraph: true), Argument("gradient", "[2]", "[]") },
        { "Backward(gradient, retainGraph): null", f => f.Y.Backward(null!, retainGraph: true), Null("gradient") },

        // Arithmetic
        { "a + b: [2, 3] and [3, 2]", f => _ = f.A + f.B, Argument(null, "[2, 3]", "[3, 2]") },
        { "a - b: [2, 3] and [3, 2]", f => _ = f.A - f.B, Argument(null, "[2, 3]", "[3, 2]") },
        { "a * b: [2, 3] and [3, 2]", f => _ = f.A * f.B, Argument(null, "[2, 3]", "[3, 2]") },
        { "a / b: [2, 3] and [3, 2]", f => _ = f.A / f.B, Argument(null, "[2, 3]", "[3, 2]") },
        { "Add: [2, 3] and [3]", f => f.A.Add(f.V.Reshape(3, 1)), Argument(null, "[2, 3]", "[3, 1]") },
        { "a + null", f => _ = f.A + null!, Null("b") },
        { "null - a", f => _ = null! - f.A, Null("a") },
        { "a * null", f => _ = f.A * null!, Null("b") },
        { "null / a", f => _ = null! / f.A, Null("a") },
        { "null + 1.0", f => _ = (Tensor)null! + 1.0, Null("a") },
        { "-null", f => _ = -(Tensor)null!, Null("a") },
        { "Sub: null", f => f.A.Sub(null!), Null("b") },
        { "Mul: null", f => f.A.Mul(null!), Null("b") },
        { "Div: null", f => f.A.Div(null!), Null("b") },

        // Comparisons and Where
        { "Gt: [2, 3] and [3, 2]", f => f.A.Gt(f.B), Argument(null, "[2, 3]", "[3, 2]") },
        { "Le: [2, 3] and [3, 2]", f => f.A.Le(f.B), Argument(null, "[3, 2]", "[2, 3]") },
        { "a >= b: [2, 3] and [3, 2]", f => _ = f.A >= f.B, Argument(null, "[2, 3]", "[3, 2]") },
        { "Eq: null", f => f.A.Eq(null!), ArgumentNullOf() },
        { "Lt: null", f => f.A.Lt(null!), ArgumentNullOf() },
        { "Where: null mask", f => Tensor.Where(null!, f.A, f.C), Null("mask") },
        { "Where: null a", f => Tensor.Where(f.Mask, null!, f.C), Null("a") },
        { "Where: null b", f => Tensor.Where(f.Mask, f.A, (Tensor)null!), Null("b") },
        { "Where: null a with constant b", f => Tensor.Where(f.Mask, null!, 0.0), Null("a") },
        { "Where: shapes [2, 3], [2, 3], [3, 2]", f => Tensor.Where(f.Mask, f.A, f.B), Argument(null, "[2, 3]", "[3, 2]") },

        // Reductions and broadcasting
        { "Sum(dim 2) of rank 2", f => f.A.Sum(2), OutOfRange("dim", "2", "rank 2") },
        { "Sum(dim -3) of rank 2", f => f.A.Sum(-3), OutOfRange("dim", "-3", "rank 2") },
        { "Mean(dim 2) of rank 2", f => f.A.Mean(2, keepDim: true), OutOfRange("dim", "2", "rank 2") },
        { "Sum(dim 1) of a scalar", f => f.Y.Sum(1), OutOfRange("dim", "rank 0") },
        { "SumTo: null", f => f.A.SumTo(null!), Null("shape") },
        { "SumTo: negative dimension", f => f.A.SumTo(-1, 3), Argument("shape", "[-1, 3]") },
        { "SumTo: [2, 3] to [4]", f => f.A.SumTo(4), Argument("shape", "[2, 3]", "[4]") },
        { "BroadcastTo: null", f => f.A.BroadcastTo(null!), Null("shape") },
        { "BroadcastTo: negative dimension", f => f.V.BroadcastTo(-2, 3), Argument("shape", "[-2, 3]") },
        { "BroadcastTo: [2, 3] to [3, 3]", f => f.A.BroadcastTo(3, 3), Argument("shape", "[2, 3]", "[3, 3]") },

        // Linear algebra and reshaping
        { "MatMul: null", f => f.A.MatMul(null!), Null("other") },
        { "MatMul: [2, 3] by [2, 3]", f => f.A.MatMul(f.C), Argument("other", "[2, 3]") },
        { "MatMul: [2, 3] by [3]", f => f.A.MatMul(f.V), Argument("other", "[2, 3]", "[3]") },
        { "Transpose: rank 1", f => f.V.Transpose(), Argument(null, "[3]") },
        { "T: rank 0", f => _ = f.Y.T, Argument(null, "[]") },
        { "Reshape: null", f => f.A.Reshape(null!), Null("shape") },
        { "Reshape: [2, 3] to [4, 2]", f => f.A.Reshape(4, 2), Argument("shape", "[2, 3]", "[4, 2]") },
        { "Reshape: [2, 3] to [4, -1]", f => f.A.Reshape(4, -1), Argument("shape", "[2, 3]", "[4, -1]") },
        { "Reshape: two inferred dimensions", f => f.A.Reshape(-1, -1), Argument("shape", "[-1, -1]") },
        { "Reshape: negative dimension", f => f.A.Reshape(-2, -3), Argument("shape", "[-2, -3]") },
    };

    private static Expected ArgumentNullOf() => new(typeof(ArgumentNullException), null, []);

    public static TheoryData<string> Names => Catalogue.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void AWrongCallThrowsTheRightExceptionNamingTheProblemAndChangesNothing(string call) => Catalogue.Verify(call);
}
