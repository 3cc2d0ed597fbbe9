using System.Numerics.Tensors;
using Autograd.Fusion;
using Autograd.Kernels;

namespace Autograd.Tests.Reliability;

/// <summary>
/// The plain vector loops that replaced System.Numerics.Tensors for the exactly rounded ops (issue 17, fewer methods to
/// JIT) give the same bits as System.Numerics.Tensors and as scalar IEEE arithmetic: at every length around the vector
/// width, every start offset, in place, and on NaN, ±0, ±∞ and subnormal operands (NaN compared as NaN only, see
/// <see cref="BitPattern.Canonical"/>).
/// </summary>
public sealed class ExactLoopsTests
{
    private static readonly double[] Specials = [double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 1e-310, 1.0, -1.0];

    public static TheoryData<string> BinaryOps => new("Add", "Sub", "Mul", "Div", "Max", "Min");

    public static TheoryData<string> UnaryOps => new("Neg", "Abs", "Sqrt", "Relu");

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void SpanSpanMatchesTensorPrimitivesAndScalarArithmetic(string name)
    {
        var op = Enum.Parse<Op>(name);
        var r = new Random(17);
        for (int n = 0; n <= 37; n++)
            for (int offset = 0; offset < 3; offset++)
            {
                double[] a = Values(r, n + offset), b = Values(r, n + offset);
                var x = a.AsSpan(offset, n);
                var y = b.AsSpan(offset, n);
                var ours = new double[n];
                var reference = new double[n];
                ExactLoops.SpanSpan(op, x, y, ours);
                Reference(op, x, y, reference);
                AssertBits(reference, ours, $"{op} n={n} offset={offset}");
                for (int i = 0; i < n; i++)
                    Assert.Equal(BitPattern.Canonical(Scalar(op, x[i], y[i])), BitPattern.Canonical(ours[i]));
            }
    }

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void SpanScalarMatchesScalarArithmeticInBothOrders(string name)
    {
        var op = Enum.Parse<Op>(name);
        var r = new Random(18);
        foreach (double s in Specials.Append(2.5).Append(-3.25))
            for (int n = 0; n <= 21; n++)
            {
                var a = Values(r, n);
                var right = new double[n];
                var left = new double[n];
                ExactLoops.SpanScalar(op, a, s, scalarFirst: false, right);
                ExactLoops.SpanScalar(op, a, s, scalarFirst: true, left);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(BitPattern.Canonical(Scalar(op, a[i], s)), BitPattern.Canonical(right[i]));
                    Assert.Equal(BitPattern.Canonical(Scalar(op, s, a[i])), BitPattern.Canonical(left[i]));
                }
            }
    }

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryMatchesTensorPrimitives(string name)
    {
        var op = Enum.Parse<Op>(name);
        var r = new Random(19);
        for (int n = 0; n <= 37; n++)
        {
            var x = Values(r, n);
            var ours = new double[n];
            var reference = new double[n];
            ExactLoops.Unary(op, x, ours);
            switch (op)
            {
                case Op.Neg: TensorPrimitives.Negate(x, reference); break;
                case Op.Abs: TensorPrimitives.Abs(x, reference); break;
                case Op.Sqrt: TensorPrimitives.Sqrt(x, reference); break;
                default: TensorPrimitives.Max(x, 0.0, reference); break;
            }
            AssertBits(reference, ours, $"{op} n={n}");
        }
    }

    [Fact]
    public void ReluTurnsNegativeZeroIntoPositiveZeroAndKeepsNaN()
    {
        var d = new double[3];
        ExactLoops.Unary(Op.Relu, [-0.0, double.NaN, -2.0], d);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(d[0]));
        Assert.True(double.IsNaN(d[1]));
        Assert.Equal(0.0, d[2]);
    }

    [Fact]
    public void InPlaceGivesTheSameBitsAsAFreshOutput()
    {
        var r = new Random(20);
        var a = Values(r, 29);
        var b = Values(r, 29);
        var expected = new double[29];
        ExactLoops.SpanSpan(Op.Mul, a, b, expected);
        ExactLoops.SpanSpan(Op.Mul, a, b, a);
        AssertBits(expected, a, "in place");
    }

    [Fact]
    public void ShortOperandsAreRejectedNotRead()
    {
        var ex = Assert.Throws<ArgumentException>(() => ExactLoops.SpanSpan(Op.Add, new double[3], new double[5], new double[5]));
        Assert.Contains("3", ex.Message);
        Assert.Throws<ArgumentException>(() => ExactLoops.SpanScalar(Op.Add, new double[2], 1.0, false, new double[5]));
        Assert.Throws<ArgumentException>(() => ExactLoops.Unary(Op.Neg, new double[2], new double[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactLoops.SpanSpan(Op.Exp, new double[2], new double[2], new double[2]));
    }

    /// <summary>Mostly random values, one in four a special value.</summary>
    private static double[] Values(Random r, int n) =>
        [.. Enumerable.Range(0, n).Select(_ => r.Next(4) == 0 ? Specials[r.Next(Specials.Length)] : (r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-5, 6)))];

    private static void Reference(Op op, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d)
    {
        switch (op)
        {
            case Op.Add: TensorPrimitives.Add(a, b, d); break;
            case Op.Sub: TensorPrimitives.Subtract(a, b, d); break;
            case Op.Mul: TensorPrimitives.Multiply(a, b, d); break;
            case Op.Div: TensorPrimitives.Divide(a, b, d); break;
            case Op.Max: TensorPrimitives.Max(a, b, d); break;
            default: TensorPrimitives.Min(a, b, d); break;
        }
    }

    private static double Scalar(Op op, double a, double b) => op switch
    {
        Op.Add => a + b,
        Op.Sub => a - b,
        Op.Mul => a * b,
        Op.Div => a / b,
        Op.Max => Math.Max(a, b),
        _ => Math.Min(a, b),
    };

    private static void AssertBits(double[] expected, double[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitPattern.Canonical(expected[i]) == BitPattern.Canonical(actual[i]),
                $"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
    }
}
