using Autograd.Kernels;
using Autograd.Tests.Reliability;
using static Autograd.Tests.Core.Ops.OpProperties;

namespace Autograd.Tests.Core.Ops;

/// <summary>
/// Log1p, Expm1, Square, Sin, Cos, Clamp/ClampMin/ClampMax, Maximum/Minimum, Lgamma and Digamma: values against mpmath
/// (SpecialFunctionsReference.py beside this file produced the tables) and closed forms, IEEE special values, PyTorch's
/// tie and boundary gradients by hand, GradCheck and second-order GradCheck on smooth domains, and the same bits whether
/// an element is computed in a small eager tensor or in a block of a large lazy one.
/// </summary>
public class ElementwiseMathTests
{
    /// <summary>(x, ln|Γ(x)|, ψ(x), ψ₁(x)) from mpmath at 40 digits, rounded to double.</summary>
    private static readonly (double X, double Lgamma, double Digamma, double Trigamma)[] Gamma =
    [
        (1e-300, 690.7755278982137, -9.999999999999999e+299, double.PositiveInfinity), (1e-10, 23.025850929882736, -10000000000.577215, 1e+20),
        (1e-05, 11.512919692895826, -100000.57719921567, 10000000001.644909), (0.001, 6.907178885383853, -1000.5755719318103, 1000001.6425331958),
        (0.1, 2.252712651734206, -10.423754940411076, 101.43329915079275), (0.25, 1.2880225246980774, -4.2274535333762655, 17.19732915450711),
        (0.5, 0.5723649429247001, -1.9635100260214235, 4.934802200544679), (0.75, 0.20328095143129538, -1.0858608797864722, 2.5418796476716063),
        (0.9, 0.06637623973474295, -0.7549269499470513, 1.9225399594772035), (0.99, 0.005854806764709781, -0.5937863040555952, 1.6693041010718246),
        (1.0, 0.0, -0.5772156649015329, 1.6449340668482264), (1.01, -0.005690307946069651, -0.5608854578686745, 1.62121352831322),
        (1.1, -0.049872441259839764, -0.42375494041107664, 1.4332991507927586), (1.25, -0.09827183642181316, -0.22745353337626542, 1.1973291545071107),
        (1.4616321449683622, -0.12148629053584961, -9.241265521729427e-17, 0.9676722454476212), (1.5, -0.12078223763524522, 0.03648997397857652, 0.9348022005446793),
        (1.75, -0.08440112102048555, 0.24747245354686118, 0.7641018698938287), (1.9, -0.03898427592308336, 0.35618416116405965, 0.6879720582426356),
        (1.99, -0.004195529088791668, 0.41631470604541493, 0.6490000504647436), (2.0, 0.0, 0.42278433509846713, 0.6449340668482264),
        (2.01, 0.004260022907098346, 0.4292135520323155, 0.6409174789062994), (2.1, 0.04543773854448518, 0.48533596867983236, 0.6068528698010233),
        (2.5, 0.2846828704729192, 0.7031566406452432, 0.49035775610023485), (3.0, 0.6931471805599453, 0.9227843350984671, 0.39493406684822646),
        (3.7, 1.428072326665388, 1.1671535393615113, 0.3100378576700383), (5.0, 3.1780538303479458, 1.5061176684318005, 0.22132295573711533),
        (6.5, 5.662562059857142, 1.792911330399933, 0.16628453574995825), (9.99, 12.779315214350193, 2.250700372831201, 0.10527695014824179),
        (10.0, 12.801827480081469, 2.251752589066721, 0.10516633568168575), (10.5, 13.940625219403763, 2.3030010342976865, 0.09991695605912673),
        (25.3, 55.74618118358459, 3.210911380182536, 0.04031712034125649), (100.25, 360.28455963776423, 4.602671243274712, 0.010024978698123367),
        (1234.5, 7550.550901077895, 7.118016231827998, 0.0008103727271269667), (100000.0, 1051287.7089736569, 11.512920464961896, 1.0000050000166667e-05),
        (10000000000.0, 220258509288.81058, 23.025850929890456, 1.00000000005e-10), (1000000000000000.0, 3.3538776394910668e+16, 34.538776394910684, 1.0000000000000005e-15),
        (1e+100, 2.2925850929940456e+102, 230.25850929940458, 1e-100), (-1e-10, 23.025850929998178, 9999999999.422785, 1e+20),
        (-0.1, 2.3689613327287886, 9.245073050052948, 101.92253995947719), (-0.5, 1.2655121234846454, 0.03648997397857652, 8.934802200544679),
        (-0.9, 2.3580731673920323, -9.312643829299969, 102.66786705202738), (-1.1, 2.273651152924463, 10.15416395914385, 102.74898624046877),
        (-1.5, 0.860047015376481, 0.7031566406452432, 9.379246644989124), (-2.5, -0.056243716497674054, 1.103156640645243, 9.539246644989124),
        (-2.999, 5.117253430432412, -998.7408763243631, 1000003.00597183), (-3.7, -1.3797399049658245, -0.8450768588704194, 14.84242186412428),
        (-10.3, -14.457515440024208, 4.662403493582087, 14.986887065722637), (-20.5, -42.70719597482576, 3.044616882512525, 9.82199434464988),
        (-100.5, -364.90096830942736, 4.6151246013380645, 9.859703491870086), (-1000.25, -5912.363970042725, 10.050097693066705, 19.738209551699786),
    ];

    /// <summary>(x, ln(1 + x), eˣ − 1) from mpmath at 40 digits, rounded to double (NaN below −1, ∞ past overflow).</summary>
    private static readonly (double X, double Log1p, double Expm1)[] Elementary =
    [
        (1e-300, 1e-300, 1e-300), (1e-20, 1e-20, 1e-20),
        (1e-10, 9.999999999500001e-11, 1.00000000005e-10), (-1e-10, -1.00000000005e-10, -9.999999999500001e-11),
        (1e-05, 9.999950000333332e-06, 1.0000050000166668e-05), (-1e-05, -1.0000050000333337e-05, -9.999950000166666e-06),
        (0.001, 0.0009995003330835331, 0.0010005001667083417), (-0.001, -0.0010005003335835335, -0.0009995001666250085),
        (0.1, 0.09531017980432487, 0.10517091807564763), (-0.1, -0.10536051565782631, -0.09516258196404043),
        (0.5, 0.4054651081081644, 0.6487212707001282), (-0.5, -0.6931471805599453, -0.3934693402873666),
        (0.9, 0.6418538861723948, 1.4596031111569496), (-0.9, -2.302585092994046, -0.5934303402594009),
        (1.0, 0.6931471805599453, 1.7182818284590453), (-0.999, -6.907755278982136, -0.631752495386337),
        (2.0, 1.0986122886681098, 6.38905609893065), (10.0, 2.3978952727983707, 22025.465794806718),
        (-10.0, double.NaN, -0.9999546000702375), (30.0, 3.4339872044851463, 10686474581523.463),
        (-30.0, double.NaN, -0.9999999999999064), (700.0, 6.55250788703459, 1.0142320547350045e+304),
        (10000000000.0, 23.025850930040455, double.PositiveInfinity), (1e+300, 690.7755278982137, double.PositiveInfinity),
    ];

    /// <summary>|got − expected| in units of expected's magnitude (absolute where expected is 0); 0 for equal non-finite values.</summary>
    private static double RelativeError(double expected, double got) =>
        expected.Equals(got) ? 0 : Math.Abs(got - expected) / (expected == 0 ? 1 : Math.Abs(expected));

    private static void AssertNear(double tolerance, string name, double x, double expected, double got) =>
        Assert.True(RelativeError(expected, got) <= tolerance, $"{name}({x:R}) = {got:R}, mpmath {expected:R}, relative error {RelativeError(expected, got):E2}");

    private static double One(Func<Tensor, Tensor> op, double x) => op(Tensor.Scalar(x)).Item();

    [Fact]
    public void Log1pAndExpm1MatchMpmathToTwoUlp()
    {
        foreach (var (x, log1p, expm1) in Elementary)
        {
            AssertNear(4.5e-16, "log1p", x, log1p, One(t => t.Log1p(), x));
            AssertNear(4.5e-16, "expm1", x, expm1, One(t => t.Expm1(), x));
        }
    }

    [Fact]
    public void LgammaDigammaAndTrigammaMatchMpmath()
    {
        foreach (var (x, lgamma, digamma, trigamma) in Gamma)
        {
            // ln|Γ| within 2 ulp except near its zeros on the negative axis (−2.5 is close to one), where the reflection cancels.
            AssertNear(x < 0 ? 1.5e-15 : 4.5e-16, "lgamma", x, lgamma, One(t => t.Lgamma(), x));
            AssertNear(4.5e-16, "digamma", x, digamma, One(t => t.Digamma(), x));
            AssertNear(4.5e-16, "trigamma", x, trigamma, SpecialFunctions.Trigamma(x));
        }
    }

    /// <summary>Non-integer x in (−30, 40), away from the poles by at least 1e-3.</summary>
    private static Gen<double> AwayFromPoles =>
        Gen.Choose(-30_000, 40_000).Where(k => k % 1000 != 0).Select(k => k / 1000.0 + 1e-7 * (k % 7));

    [Property(MaxTest = 200)]
    public Property SpecialFunctionsAgreeWithMathNetAndSatisfyTheirRecurrences() =>
        Prop.ForAll(AwayFromPoles.ToArbitrary(), x =>
        {
            double lg = SpecialFunctions.LogGamma(x), dg = SpecialFunctions.Digamma(x), tg = SpecialFunctions.Trigamma(x);
            static bool Close(double a, double b, double tol) => Math.Abs(a - b) <= tol * Math.Max(1, Math.Abs(b));
            // MathNet is good to ~1e-13 (it has no log|Γ| for negative x, and its reflection there gives NaN).
            bool mathNet = (x < 0.5 || Close(lg, MathNet.Numerics.SpecialFunctions.GammaLn(x), 1e-12))
                && Close(dg, MathNet.Numerics.SpecialFunctions.DiGamma(x), 1e-11);
            // ln|Γ(x + 1)| = ln|Γ(x)| + ln|x|, ψ(x + 1) = ψ(x) + 1/x, ψ₁(x + 1) = ψ₁(x) − 1/x². The right-hand sides cancel
            // near 0 (ψ₁(0.005) ≈ 4·10⁴ minus 1/x² leaves 1.6), so the tolerance is relative to the larger term.
            static bool Sums(double a, double b, double c) => Math.Abs(a - (b + c)) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(b), Math.Abs(c)));
            bool recurrences = Sums(SpecialFunctions.LogGamma(x + 1), lg, Math.Log(Math.Abs(x)))
                && Sums(SpecialFunctions.Digamma(x + 1), dg, 1 / x)
                && Sums(SpecialFunctions.Trigamma(x + 1), tg, -1 / (x * x));
            // Trigamma against ψ's central difference, with a step small beside the distance to the nearest pole.
            double h = 1e-4 * (x > 0 ? x : Math.Abs(x - Math.Round(x)));
            bool derivative = Close(tg, (SpecialFunctions.Digamma(x + h) - SpecialFunctions.Digamma(x - h)) / (2 * h), 1e-6);
            return (mathNet && recurrences && derivative).Label($"x = {x:R}: lgamma {lg:R}, digamma {dg:R}, trigamma {tg:R}");
        });

    [Fact]
    public void SinCosAndSquareAreMathSinMathCosAndXTimesX()
    {
        double[] xs = [-1e300, -7.5, -1.0, -0.0, 0.0, 1e-310, 0.3, 2.0, 3.141592653589793, 1e6, 1e300];
        var x = Tensor.FromArray(xs);
        Assert.Equal(xs.Select(Math.Sin), x.Sin().ToArray());
        Assert.Equal(xs.Select(Math.Cos), x.Cos().ToArray());
        Assert.Equal(xs.Select(v => v * v), x.Square().ToArray());
    }

    private static long BitsOf(double v) => BitConverter.DoubleToInt64Bits(v);

    [Fact]
    public void IeeeSpecialValuesFollowPyTorch()
    {
        double inf = double.PositiveInfinity, nan = double.NaN;
        (Func<Tensor, Tensor> Op, string Name, double X, double Expected)[] cases =
        [
            (t => t.Log1p(), "log1p", -0.0, -0.0), (t => t.Log1p(), "log1p", 0.0, 0.0), (t => t.Log1p(), "log1p", -1, -inf),
            (t => t.Log1p(), "log1p", -2, nan), (t => t.Log1p(), "log1p", inf, inf), (t => t.Log1p(), "log1p", -inf, nan),
            (t => t.Log1p(), "log1p", nan, nan),
            (t => t.Expm1(), "expm1", -0.0, -0.0), (t => t.Expm1(), "expm1", 0.0, 0.0), (t => t.Expm1(), "expm1", -inf, -1),
            (t => t.Expm1(), "expm1", inf, inf), (t => t.Expm1(), "expm1", 710, inf), (t => t.Expm1(), "expm1", -800, -1),
            (t => t.Expm1(), "expm1", nan, nan),
            (t => t.Sin(), "sin", inf, nan), (t => t.Sin(), "sin", -0.0, -0.0), (t => t.Cos(), "cos", -inf, nan), (t => t.Cos(), "cos", nan, nan),
            (t => t.Square(), "square", -inf, inf), (t => t.Square(), "square", nan, nan), (t => t.Square(), "square", -0.0, 0.0),
            (t => t.Lgamma(), "lgamma", 0.0, inf), (t => t.Lgamma(), "lgamma", -0.0, inf), (t => t.Lgamma(), "lgamma", -1, inf),
            (t => t.Lgamma(), "lgamma", -1e20, inf), (t => t.Lgamma(), "lgamma", inf, inf), (t => t.Lgamma(), "lgamma", -inf, inf),
            (t => t.Lgamma(), "lgamma", nan, nan), (t => t.Lgamma(), "lgamma", 1, 0), (t => t.Lgamma(), "lgamma", 2, 0),
            (t => t.Lgamma(), "lgamma", 1e306, inf),
            (t => t.Digamma(), "digamma", 0.0, -inf), (t => t.Digamma(), "digamma", -0.0, inf), (t => t.Digamma(), "digamma", -1, nan),
            (t => t.Digamma(), "digamma", -1e20, nan), (t => t.Digamma(), "digamma", -inf, nan), (t => t.Digamma(), "digamma", inf, inf),
            (t => t.Digamma(), "digamma", nan, nan),
            (t => t.Trigamma(), "trigamma", 0.0, inf), (t => t.Trigamma(), "trigamma", -2, inf), (t => t.Trigamma(), "trigamma", inf, 0),
            (t => t.Trigamma(), "trigamma", -inf, nan), (t => t.Trigamma(), "trigamma", nan, nan),
            (t => t.Clamp(-1, 1), "clamp", nan, nan), (t => t.ClampMin(0), "clamp_min", nan, nan), (t => t.ClampMax(0), "clamp_max", nan, nan),
            (t => t.Clamp(-1, 1), "clamp", -inf, -1), (t => t.Clamp(-1, 1), "clamp", inf, 1), (t => t.Clamp(nan, 1), "clamp", 0, nan),
        ];
        foreach (var (op, name, x, expected) in cases)
        {
            double got = One(op, x);
            Assert.True(BitPattern.Canonical(got) == BitPattern.Canonical(expected), $"{name}({x:R}) = {got:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void MaximumAndMinimumPropagateNaNAndOrderSignedZeros()
    {
        var a = Tensor.FromArray([double.NaN, 1.0, double.NaN, -0.0, 0.0, double.NegativeInfinity]);
        var b = Tensor.FromArray([1.0, double.NaN, double.NaN, 0.0, -0.0, 5.0]);
        long[] Bits(Tensor t) => t.ToArray().Select(BitPattern.Canonical).ToArray();
        Assert.Equal(new[] { double.NaN, double.NaN, double.NaN, 0.0, 0.0, 5.0 }.Select(BitPattern.Canonical), Bits(Tensor.Maximum(a, b)));
        Assert.Equal(new[] { double.NaN, double.NaN, double.NaN, -0.0, -0.0, double.NegativeInfinity }.Select(BitPattern.Canonical), Bits(Tensor.Minimum(a, b)));
    }

    [Property(MaxTest = 30)] public Property Log1pPassesGradCheck() => UnaryGradCheck(-0.5, 3, x => x.Log1p());
    [Property(MaxTest = 30)] public Property Expm1PassesGradCheck() => UnaryGradCheck(-2, 2, x => x.Expm1());
    [Property(MaxTest = 30)] public Property SquarePassesGradCheck() => UnaryGradCheck(-2, 2, x => x.Square());
    [Property(MaxTest = 30)] public Property SinAndCosPassGradCheck() => UnaryGradCheck(-4, 4, x => x.Sin() * x.Cos());
    [Property(MaxTest = 30)] public Property LgammaPassesGradCheckOnPositiveReals() => UnaryGradCheck(0.2, 6, x => x.Lgamma());
    [Property(MaxTest = 30)] public Property LgammaPassesGradCheckBetweenNegativePoles() => UnaryGradCheck(-2.9, -2.1, x => x.Lgamma());
    [Property(MaxTest = 30)] public Property DigammaPassesGradCheck() => UnaryGradCheck(0.3, 6, x => x.Digamma());
    [Property(MaxTest = 30)] public Property DigammaPassesGradCheckBetweenNegativePoles() => UnaryGradCheck(-1.9, -1.1, x => x.Digamma());

    private static Property SecondOrder(double min, double max, Func<Tensor, Tensor> op) =>
        Prop.ForAll(TensorGen.Tensor(min, max).ToArbitrary(), x =>
        {
            var result = GradCheck.CheckSecondOrder(xs => op(xs[0]), [x]);
            return result.Passed.Label(result.ToString());
        });

    [Property(MaxTest = 20)] public Property Log1pPassesSecondOrderGradCheck() => SecondOrder(-0.5, 3, x => x.Log1p());
    [Property(MaxTest = 20)] public Property Expm1PassesSecondOrderGradCheck() => SecondOrder(-2, 2, x => x.Expm1());
    [Property(MaxTest = 20)] public Property SquareSinCosPassSecondOrderGradCheck() => SecondOrder(-3, 3, x => x.Square().Sin() + x.Cos());
    [Property(MaxTest = 20)] public Property LgammaPassesSecondOrderGradCheck() => SecondOrder(0.3, 6, x => x.Lgamma());
    [Property(MaxTest = 20)] public Property LgammaPassesSecondOrderGradCheckBetweenNegativePoles() => SecondOrder(-0.9, -0.1, x => x.Lgamma());

    /// <summary>Values in [−2, 2] kept at least 0.05 from the clamp bounds ±1 and ±1/2 used below.</summary>
    private static Gen<Tensor> AwayFromBounds =>
        from shape in TensorGen.Shape()
        from v in TensorGen.Values(Shapes.Count(shape), -2, 2)
        select Tensor.FromArray(v.Select(x => new[] { -1, -0.5, 0.5, 1 }.Any(c => Math.Abs(x - c) < 0.05) ? x + 0.1 : x).ToArray(), shape, requiresGrad: true);

    private static Tensor Clamps(Tensor x) => x.Clamp(-1, 1).Square() + x.ClampMin(0.5) * 2.0 + x.ClampMax(-0.5) * 3.0 + x.Clamp(1, -1);

    [Property(MaxTest = 30)]
    public Property ClampsPassGradCheckAndSecondOrderGradCheckAwayFromTheirBounds() =>
        Prop.ForAll(AwayFromBounds.ToArbitrary(), x =>
        {
            var first = GradCheck.Check(xs => Clamps(xs[0]), [x]);
            var second = GradCheck.CheckSecondOrder(xs => Clamps(xs[0]), [x]);
            return (first.Passed && second.Passed).Label($"{first} / {second}");
        });

    /// <summary>Broadcastable a on the grid k/8 and b on the grid k/8 + 1/16: never tied, never closer than 1/16.</summary>
    private static Gen<(Tensor A, Tensor B)> UntiedPair =>
        from shapes in TensorGen.BroadcastPair()
        from a in Gen.Choose(-16, 16).ArrayOf(Shapes.Count(shapes.A))
        from b in Gen.Choose(-16, 16).ArrayOf(Shapes.Count(shapes.B))
        select (Tensor.FromArray(a.Select(k => k / 8.0).ToArray(), shapes.A, requiresGrad: true),
                Tensor.FromArray(b.Select(k => k / 8.0 + 1 / 16.0).ToArray(), shapes.B, requiresGrad: true));

    private static Tensor MaxMin(Tensor[] xs) => Tensor.Maximum(xs[0], xs[1]).Square() - Tensor.Minimum(xs[0], xs[1]) * 2.0;

    [Property(MaxTest = 30)]
    public Property MaximumAndMinimumPassGradCheckUnderBroadcastingAwayFromTies() =>
        Prop.ForAll(UntiedPair.ToArbitrary(), p =>
        {
            var first = GradCheck.Check(MaxMin, [p.A, p.B]);
            var second = GradCheck.CheckSecondOrder(MaxMin, [p.A, p.B]);
            return (first.Passed && second.Passed).Label($"{first} / {second}");
        });

    private static (double[] Y, double[] Grad) ValueAndGrad(Func<Tensor, Tensor> op, double[] xs)
    {
        var x = Tensor.FromArray(xs, requiresGrad: true);
        var y = op(x);
        y.Sum().Backward();
        return (y.ToArray(), x.Grad!.ToArray());
    }

    [Fact]
    public void ClampGradientIsGInsideTheBoundsInclusiveAndZeroOutsideAndAtNaN()
    {
        double nan = double.NaN;
        var (y, g) = ValueAndGrad(t => t.Clamp(-1, 1), [-2, -1, 0, 1, 2, nan]);
        Assert.Equal([-1, -1, 0, 1, 1, nan], y);
        Assert.Equal([0, 1, 1, 1, 0, 0], g);
        (y, g) = ValueAndGrad(t => t.ClampMin(0), [-1, 0, 1, nan]);
        Assert.Equal([0, 0, 1, nan], y);
        Assert.Equal([0, 1, 1, 0], g);
        (y, g) = ValueAndGrad(t => t.ClampMax(0), [-1, 0, 1, nan]);
        Assert.Equal([-1, 0, 0, nan], y);
        Assert.Equal([1, 1, 0, 0], g);
    }

    [Fact]
    public void ClampWithMinAboveMaxGivesMaxEverywhereAndNoGradientAsPyTorch()
    {
        var (y, g) = ValueAndGrad(t => t.Clamp(2, 1), [-3, 0, 1, 1.5, 2, 5, double.NaN]);
        Assert.Equal([1, 1, 1, 1, 1, 1, double.NaN], y);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0], g);
    }

    [Fact]
    public void MaximumAndMinimumSplitTiesEvenlyAndPassNaNGradientsToBothAsPyTorch()
    {
        double nan = double.NaN;
        foreach (var (maximum, ga, gb) in new[] { (true, new[] { 0.5, 0, 1, 1, 1 }, new[] { 0.5, 1, 0, 1, 1 }), (false, [0.5, 1, 0, 1, 1], [0.5, 0, 1, 1, 1]) })
        {
            var a = Tensor.FromArray([1, 2, 3, nan, 1], requiresGrad: true);
            var b = Tensor.FromArray([1, 3, 2, 0, nan], requiresGrad: true);
            (maximum ? Tensor.Maximum(a, b) : Tensor.Minimum(a, b)).Sum().Backward();
            Assert.Equal(ga, a.Grad!.ToArray());
            Assert.Equal(gb, b.Grad!.ToArray());
        }
    }

    [Fact]
    public void MaximumTiesWithABroadcastScalarSumBackIntoTheScalar()
    {
        var a = Tensor.FromArray([1, 2, 3, 0, 2, 5], [2, 3], requiresGrad: true);
        var b = Tensor.Scalar(2, requiresGrad: true);
        var y = Tensor.Maximum(a, b);
        Assert.Equal([2, 2, 3, 2, 2, 5], y.ToArray());
        y.Sum().Backward();
        Assert.Equal([0, 0.5, 1, 0, 0.5, 1], a.Grad!.ToArray());
        Assert.Equal(3.0, b.Grad!.Item());
        var minimum = Tensor.Minimum(Tensor.Scalar(2), a);
        Assert.Equal([1, 2, 2, 0, 2, 2], minimum.ToArray());
    }

    [Fact]
    public void LgammaDerivativesAreDigammaAndTrigamma()
    {
        foreach (var (x0, _, digamma, trigamma) in Gamma.Where(r => Math.Abs(r.X) is > 1e-3 and < 1e3))
        {
            var x = Tensor.Scalar(x0, requiresGrad: true);
            var first = Autograd.Autodiff.Grad(x.Lgamma(), [x], createGraph: true)[0]!;
            var second = Autograd.Autodiff.Grad(first, [x])[0]!;
            AssertNear(4.5e-16, "lgamma'", x0, digamma, first.Item());
            AssertNear(4.5e-16, "lgamma''", x0, trigamma, second.Item());
        }
    }

    [Fact]
    public void DifferentiatingDigammaTwiceThrowsNotSupported()
    {
        var x = Tensor.FromArray([1.5, 2.5], requiresGrad: true);
        var first = Autograd.Autodiff.Grad(x.Digamma().Sum(), [x], createGraph: true)[0]!;
        Assert.Equal([SpecialFunctions.Trigamma(1.5), SpecialFunctions.Trigamma(2.5)], first.ToArray());
        var error = Assert.Throws<NotSupportedException>(() => Autograd.Autodiff.Grad(first.Sum(), [x]));
        Assert.Contains("trigamma", error.Message);
        Assert.Equal([1.5, 2.5], x.ToArray());
    }

    [Fact]
    public void MaximumAndMinimumRejectNullAndNonBroadcastingShapesAtTheCall()
    {
        var x = Tensor.FromArray([1.0, 2.0]);
        Assert.Throws<ArgumentNullException>(() => Tensor.Maximum(null!, x));
        Assert.Throws<ArgumentNullException>(() => Tensor.Minimum(x, null!));
        var error = Assert.ThrowsAny<ArgumentException>(() => Tensor.Maximum(x, Tensor.FromArray([1.0, 2.0, 3.0])));
        Assert.Contains("[2]", error.Message);
        Assert.Contains("[3]", error.Message);
        Assert.Equal([1.0, 2.0], x.ToArray());
    }

    /// <summary>Every new op, unary (the second operand unused) or binary, as applied to tensors of any size.</summary>
    private static readonly (string Name, Func<Tensor, Tensor, Tensor> Op)[] AllOps =
    [
        ("Log1p", (x, _) => x.Log1p()), ("Expm1", (x, _) => x.Expm1()), ("Square", (x, _) => x.Square()),
        ("Sin", (x, _) => x.Sin()), ("Cos", (x, _) => x.Cos()), ("Clamp", (x, _) => x.Clamp(-1, 1)),
        ("Clamp(min > max)", (x, _) => x.Clamp(1, -1)), ("ClampMin", (x, _) => x.ClampMin(0.5)), ("ClampMax", (x, _) => x.ClampMax(-0.5)),
        ("Lgamma", (x, _) => x.Lgamma()), ("Digamma", (x, _) => x.Digamma()), ("Trigamma", (x, _) => x.Trigamma()),
        ("Maximum", Tensor.Maximum), ("Minimum", Tensor.Minimum),
        ("Maximum with a scalar", (x, _) => Tensor.Maximum(Tensor.Scalar(0.25), x)), ("Minimum with a scalar", (x, _) => Tensor.Minimum(x, Tensor.Scalar(0.25))),
    ];

    /// <summary>Values over the ops' interesting ranges: small, large, near poles, negative integers, ±0, ±∞, NaN, ties.</summary>
    private static double[] Mixed(int n, Random r) =>
        Enumerable.Range(0, n).Select(_ => r.Next(20) switch
        {
            0 => new[] { 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 0.25, 1, 2 }[r.Next(8)],
            1 => -r.Next(1, 40),
            2 => (r.NextDouble() - 0.5) * 1e-8,
            3 => (r.NextDouble() - 0.5) * 1e4,
            _ => r.NextDouble() * 60 - 30,
        }).ToArray();

    [Fact]
    public void ALargeLazyResultHasTheSameBitsAsSmallEagerOnesElementByElement()
    {
        const int n = Tensor.LazyFrom + 3 * 512 + 77;   // lazy, with a short last block
        var r = new Random(17);
        double[] xs = Mixed(n, r), ys = Mixed(n, r);
        for (int i = 0; i < n; i += 97) ys[i] = xs[i];   // ties for Maximum and Minimum
        var x = Tensor.FromArray(xs);
        var y = Tensor.FromArray(ys);
        foreach (var (name, op) in AllOps)
        {
            var large = op(x, y);
            var chained = op(x * 1.0, y * 1.0);   // inside a longer fused expression
            Assert.True(large.Pending is not null && chained.Pending is not null, $"{name} of {n} elements is not lazy");
            long[] bits = large.ToArray().Select(BitPattern.Canonical).ToArray();
            Assert.Equal(bits, chained.ToArray().Select(BitPattern.Canonical));
            for (int start = 0, length = 1; start < n; start += length, length = length % 13 + 1)
            {
                int m = Math.Min(length, n - start);
                var small = op(Tensor.FromArray(xs[start..(start + m)]), Tensor.FromArray(ys[start..(start + m)])).ToArray();
                for (int i = 0; i < m; i++)
                    Assert.True(BitPattern.Canonical(small[i]) == bits[start + i], $"{name} at {start + i} (x = {xs[start + i]:R}): small {small[i]:R}, large {BitConverter.Int64BitsToDouble(bits[start + i]):R}");
            }
        }
    }

    [Fact]
    public void EveryOpMapsAnEmptyTensorToAnEmptyOneWithAnEmptyGradient()
    {
        foreach (var (name, op) in AllOps)
        {
            var x = Tensor.FromArray([], [2, 0], requiresGrad: true);
            var y = Tensor.FromArray([], [0], requiresGrad: true);
            var z = op(x, y);
            Assert.True(z.Shape.SequenceEqual(new[] { 2, 0 }), $"{name}: shape {Shapes.Format(z.Shape)}");
            if (name == "Trigamma") continue;   // not differentiable
            z.Sum().Backward();
            Assert.True(x.Grad!.Shape.SequenceEqual(new[] { 2, 0 }), name);
        }
    }
}
