using Autograd.Tests.Reliability;
using Autograd.Fusion;
using Autograd.Kernels;
using Autograd.Nn;
using Autograd.Optim;

namespace Autograd.Tests.Core.Fusion;

/// <summary>
/// Lazy elementwise fusion must be invisible in the numbers: a chain computed as one fused expression gives the same bits
/// as the same chain realised op by op, at every size around the laziness threshold and across the chunk boundaries
/// where work is split over cores; and an expression is computed once per consumer that needs it.
/// </summary>
public class FusedEvaluationTests
{
    /// <summary>Output element counts around <see cref="Tensor.LazyFrom"/> and past the point where chunks run in parallel.</summary>
    private static readonly int[] Counts = [Tensor.LazyFrom - 1, Tensor.LazyFrom, Tensor.LazyFrom + 37, 4 * 32768 + 513];

    private const int Ops = 27;

    /// <summary>One step: an op code and the indices of the earlier values it reads (leaves first, then steps).</summary>
    private sealed record Step(int Code, int A, int B, int C);

    private sealed record Case(int[] Shape, int[][] LeafShapes, Step[] Steps, int Seed)
    {
        public override string ToString() =>
            $"shape {Shapes.Format(Shape)}, leaves {string.Join(" ", LeafShapes.Select(s => Shapes.Format(s)))}, steps {string.Join(" ", Steps.Select(s => $"{s.Code}({s.A},{s.B},{s.C})"))}, seed {Seed}";
    }

    private static Gen<Case> Cases =>
        from count in Gen.Elements(Counts)
        from cols in Gen.Elements(1, 7, 64, count)
        let rows = (count + cols - 1) / cols
        let shape = cols == count ? new[] { count } : new[] { rows, cols }
        from leafKinds in Gen.Choose(0, 4).ArrayOf(4)
        from length in Gen.Choose(1, 10)
        from steps in StepsOf(length)
        from seed in Gen.Choose(0, 10_000)
        select new Case(shape, [shape, .. leafKinds.Select(k => LeafShape(shape, k))], steps, seed);

    /// <summary>The full shape, a scalar, a row, a column, or the full shape again.</summary>
    private static int[] LeafShape(int[] shape, int kind) => kind switch
    {
        1 => [],
        2 => [shape[^1]],
        3 => shape.Length == 2 ? [shape[0], 1] : [1],
        _ => shape,
    };

    /// <summary>Steps whose operands are any of the 5 leaves or the earlier steps.</summary>
    private static Gen<Step[]> StepsOf(int length) =>
        Gen.Choose(0, 1 << 20).ArrayOf(4).ArrayOf(length).Select(raw =>
            raw.Select((x, i) => new Step(x[0] % Ops, x[1] % (5 + i), x[2] % (5 + i), x[3] % (5 + i))).ToArray());

    private static Tensor Apply(int code, Tensor a, Tensor b, Tensor c, int[] shape) => code switch
    {
        0 => a + b,
        1 => a - b,
        2 => a * b,
        3 => a / b,
        4 => -a,
        5 => a.Exp(),
        6 => a.Log(),
        7 => a.Abs().Sqrt(),
        8 => a.Abs().Pow(1.5),
        9 => a.Relu(),
        10 => a.Sigmoid(),
        11 => a.Tanh(),
        12 => Tensor.Where(a > b, b, c),
        13 => (a >= 0.5) + (a < b) - a.Le(c),
        14 => a * 2.5 - 1.0 / (b + 3.0),
        15 => a.Eq(b) + a.Sign(),
        16 => -a.BroadcastTo(shape),                  // a lazy load of a broadcast operand, read by a unary op
        17 => b.BroadcastTo(shape).Exp() * a.BroadcastTo(shape),
        18 => a.Log1p(),
        19 => a.Expm1(),
        20 => a.Sin() + b.Cos(),
        21 => a.Lgamma(),
        22 => a.Digamma(),
        23 => a.Trigamma(),
        24 => Tensor.Maximum(a, b) - Tensor.Minimum(b, c),
        25 => a.Clamp(-1, 1) + a.ClampMin(0.5) - a.ClampMax(-0.5) + a.Clamp(1, -1),
        _ => a.Square(),
    };

    /// <summary>A value of the reference interpreter: elements and shape.</summary>
    private sealed record Array(double[] Data, int[] Shape);

    /// <summary>
    /// The same op table computed with the kernels directly over whole arrays, one op at a time, without the expression
    /// evaluator: an oracle that shares nothing with fusion but the elementwise span kernels.
    /// </summary>
    private static Array Reference(int code, Array a, Array b, Array c, int[] shape)
    {
        Array Bin(Op op, Array x, Array y)
        {
            var s = Shapes.Broadcast(x.Shape, y.Shape);
            var d = new double[Shapes.Count(s)];
            BroadcastKernels.Binary(op, x.Data, x.Shape, y.Data, y.Shape, d, s);
            return new Array(d, s);
        }
        Array Un(Op op, Array x, double p = 0)
        {
            var d = new double[x.Data.Length];
            ElementwiseKernels.Unary(op, x.Data, p, d);
            return new Array(d, x.Shape);
        }
        Array K(double v) => new([v], []);
        Array Expand(Array x)
        {
            var d = new double[Shapes.Count(shape)];
            BroadcastKernels.Expand(x.Data, x.Shape, d, shape);
            return new Array(d, shape);
        }
        switch (code)
        {
            case 0: return Bin(Op.Add, a, b);
            case 1: return Bin(Op.Sub, a, b);
            case 2: return Bin(Op.Mul, a, b);
            case 3: return Bin(Op.Div, a, b);
            case 4: return Un(Op.Neg, a);
            case 5: return Un(Op.Exp, a);
            case 6: return Un(Op.Log, a);
            case 7: return Un(Op.Sqrt, Un(Op.Abs, a));
            case 8: return Un(Op.Pow, Un(Op.Abs, a), 1.5);
            case 9: return Un(Op.Relu, a);
            case 10: return Un(Op.Sigmoid, a);
            case 11: return Un(Op.Tanh, a);
            case 12:
            {
                var mask = Bin(Op.Gt, a, b);
                var s = Shapes.Broadcast(Shapes.Broadcast(mask.Shape, b.Shape), c.Shape);
                var d = new double[Shapes.Count(s)];
                BroadcastKernels.Where(mask.Data, mask.Shape, b.Data, b.Shape, c.Data, c.Shape, d, s);
                return new Array(d, s);
            }
            case 13: return Bin(Op.Sub, Bin(Op.Add, Bin(Op.Ge, a, K(0.5)), Bin(Op.Gt, b, a)), Bin(Op.Ge, c, a));
            case 14: return Bin(Op.Sub, Bin(Op.Mul, a, K(2.5)), Bin(Op.Div, K(1.0), Bin(Op.Add, b, K(3.0))));
            case 15: return Bin(Op.Add, Bin(Op.Eq, a, b), Un(Op.Sign, a));
            case 16: return Un(Op.Neg, Expand(a));
            case 17: return Bin(Op.Mul, Un(Op.Exp, Expand(b)), Expand(a));
            case 18: return Un(Op.Log1p, a);
            case 19: return Un(Op.Expm1, a);
            case 20: return Bin(Op.Add, Un(Op.Sin, a), Un(Op.Cos, b));
            case 21: return Un(Op.Lgamma, a);
            case 22: return Un(Op.Digamma, a);
            case 23: return Un(Op.Trigamma, a);
            case 24: return Bin(Op.Sub, Bin(Op.Max, a, b), Bin(Op.Min, b, c));
            case 25:
            {
                var clamp = Bin(Op.Min, Bin(Op.Max, a, K(-1)), K(1));
                var sum = Bin(Op.Sub, Bin(Op.Add, clamp, Bin(Op.Max, a, K(0.5))), Bin(Op.Min, a, K(-0.5)));
                return Bin(Op.Add, sum, Bin(Op.Min, Bin(Op.Max, a, K(1)), K(-1)));
            }
            default: return Bin(Op.Mul, a, a);
        }
    }

    private static Array RunReference(Case c)
    {
        var r = new Random(c.Seed);
        var values = c.LeafShapes.Select(s => new Array(Values(Shapes.Count(s), r), s)).ToList();
        foreach (var s in c.Steps) values.Add(Reference(s.Code, values[s.A], values[s.B], values[s.C], c.Shape));
        return values[^1];
    }

    /// <summary>Runs the case; <paramref name="eager"/> realises every result before the next op reads it.</summary>
    private static (Tensor Last, List<Tensor> All) Run(Case c, bool eager)
    {
        var r = new Random(c.Seed);
        var values = c.LeafShapes.Select(s => Tensor.FromArray(Values(Shapes.Count(s), r), s)).ToList();
        foreach (var s in c.Steps)
        {
            var t = Apply(s.Code, values[s.A], values[s.B], values[s.C], c.Shape);
            if (eager) _ = t.Span.Length;
            values.Add(t);
        }
        return (values[^1], values);
    }

    /// <summary>Values in [−3, 3] with a sprinkling of 0, ±∞ and NaN, so IEEE special cases flow through every op.</summary>
    private static double[] Values(int n, Random r) =>
        Enumerable.Range(0, n).Select(_ => r.Next(200) switch
        {
            0 => 0.0,
            1 => double.PositiveInfinity,
            2 => double.NegativeInfinity,
            3 => double.NaN,
            _ => r.NextDouble() * 6 - 3,
        }).ToArray();

    private static long[] Bits(Tensor t) => t.ToArray().Select(BitPattern.Canonical).ToArray();

    [Property(MaxTest = 100)]
    public Property FusedOpByOpAndKernelByKernelEvaluationAgreeBitForBit() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var (fused, _) = Run(c, eager: false);
            var (eager, _) = Run(c, eager: true);
            var reference = RunReference(c);
            double fusedSum = Run(c, eager: false).Last.Sum().Item(), eagerSum = eager.Sum().Item();
            return (Bits(fused).SequenceEqual(Bits(eager))
                && Bits(eager).SequenceEqual(reference.Data.Select(BitPattern.Canonical))
                && Shapes.SameAs(eager.Shape, reference.Shape)
                && BitPattern.Canonical(fusedSum) == BitPattern.Canonical(eagerSum)).Label(c.ToString());
        });

    [Property(MaxTest = 40)]
    public Property EveryIntermediateReadsTheSameAfterTheChainIsRealised() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var (_, fused) = Run(c, eager: false);
            var (_, eager) = Run(c, eager: true);
            // Realise the last value first, then read every intermediate: each is computed from its own expression.
            _ = fused[^1].Span.Length;
            return fused.Zip(eager).All(p => Bits(p.First).SequenceEqual(Bits(p.Second))).Label(c.ToString());
        });

    [Property(MaxTest = 40)]
    public Property AnExpressionIsComputedOncePerConsumerThatNeedsIt() =>
        Prop.ForAll(Gen.Choose(0, 3).ArrayOf().Where(a => a.Length is > 0 and < 8).ToArbitrary(), consumers =>
        {
            var r = new Random(consumers.Length);
            var x = Tensor.FromArray(Values(Tensor.LazyFrom * 2, r));
            var y = (x.Exp() * x - x.Tanh()).Sigmoid();   // lazy: nothing computed yet
            int start = Program.PassesOnThisThread, expected = 0;
            bool realised = false;
            foreach (int consumer in consumers)
            {
                switch (consumer)
                {
                    case 0: _ = y.ToArray(); break;               // a read: realises once, later reads find the data
                    case 1: _ = y.Reshape(2, -1).Span[0]; break;  // a non-elementwise op: realises likewise
                    case 2: _ = y.Sum().Item(); break;            // a reduction: fused when y is lazy, no pass once realised
                    default: _ = (y * 2.0 + 1.0).Sum().Item(); break;   // a new consumer expression: one fused pass of its own
                }
                expected += consumer switch { 0 or 1 => realised ? 0 : 1, 2 => realised ? 0 : 1, _ => 1 };
                realised |= consumer is 0 or 1;
            }
            int passes = Program.PassesOnThisThread - start;
            return (passes == expected).Label($"consumers {string.Join(",", consumers)}: {passes} passes, expected {expected}");
        });

    [Fact]
    public void ThePoissonLossIsOneFusedPassForwardAndOneBackward()
    {
        var r = new Random(3);
        var x = Tensor.Randn([1 << 18], r, requiresGrad: true);
        var t = Tensor.FromArray(Enumerable.Range(0, 1 << 18).Select(_ => (double)r.Next(0, 9)).ToArray());
        int start = Program.PassesOnThisThread;
        var loss = Functional.PoissonNLLLoss(x, t);
        Assert.Equal(1, Program.PassesOnThisThread - start);
        loss.Backward();
        Assert.Equal(2, Program.PassesOnThisThread - start);   // x.Grad = g/n·eˣ − g/n·t, eˣ recomputed in the same pass
        var xs = x.ToArray();
        var grad = x.Grad!.ToArray();
        for (int i = 0; i < xs.Length; i += 4099)
            Assert.Equal((Math.Exp(xs[i]) - t.Span[i]) / xs.Length, grad[i], 1e-15);
    }

    [Fact]
    public void AnInPlaceWriteAfterALazyReadThrowsInsteadOfChangingTheResult()
    {
        var w = Tensor.Ones([Tensor.LazyFrom], requiresGrad: true);
        var y = w * 2.0;   // lazy: reads w later
        var before = (w * 3.0).ToArray();   // realised now: keeps its values
        w.Grad = Tensor.Ones([Tensor.LazyFrom]);
        new Sgd([w], lr: 0.5).Step();
        var error = Assert.Throws<InvalidOperationException>(() => y.ToArray());
        Assert.Contains("modified in place", error.Message);
        Assert.All(before, v => Assert.Equal(3.0, v));
        Assert.All((w * 2.0).ToArray(), v => Assert.Equal(1.0, v));   // a result built after the step reads the new values
    }

    [Fact]
    public void ThreadsReadingOneLazyTensorAllSeeTheSameValues()
    {
        var x = Tensor.FromArray(Values(1 << 17, new Random(9)));
        var expected = Bits((x.Exp() - x).Abs().Sqrt().Realised());
        for (int round = 0; round < 20; round++)
        {
            var y = (x.Exp() - x).Abs().Sqrt();
            var seen = new long[8][];
            Parallel.For(0, seen.Length, i => seen[i] = Bits(y));
            Assert.All(seen, s => Assert.Equal(expected, s));
        }
    }
}

internal static class RealisedExtension
{
    /// <summary>The tensor after reading its data once.</summary>
    public static Tensor Realised(this Tensor t)
    {
        _ = t.Span.Length;
        return t;
    }
}
