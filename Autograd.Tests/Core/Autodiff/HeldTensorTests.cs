namespace Autograd.Tests.Core.Autodiff;

/// <summary>
/// Tensors are values: nothing the engine does later (another backward pass, lazy results realised, gradients added into a
/// kept Grad) may change a tensor or gradient someone holds. These tests hold every tensor and gradient a random program
/// made, run more work, and require that nothing they hold changed; and that gradients match the createGraph pass bit
/// for bit.
/// </summary>
public class HeldTensorTests
{
    private const int Rows = 128, Cols = 160;   // 20,480 elements: elementwise results are lazy (Tensor.LazyFrom)

    [Fact]
    public void ARuleHandingBackASavedValueNeverLetsTheEngineAddIntoIt()
    {
        // An internal rule that returns its own input as that input's gradient: the engine must treat it as held.
        var x = Tensor.Randn([Rows, Cols], new Random(1), requiresGrad: true);
        var saved = x * 2.0;
        var y = Tensor.Recorded(saved * 1.0, "HandsBackItsInput", saved, Saves.A, static (op, g) => [op.A]);
        var before = saved.ToArray();
        (y.Sum() + saved.Sum()).Backward();   // saved's two gradients are summed, x's gradient is 2·(saved + 1)
        Scribble(3);
        Assert.Equal(before, saved.ToArray());
        Assert.Equal(before.Select(v => 2 * (v + 1)), x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void GradientsAddedIntoAKeptGradMatchAPassThatReusesNothing(int contributions)
    {
        // A leaf whose Grad is kept (zeroed in place or accumulated) and that receives two or three gradients per pass:
        // the engine adds them into Grad in one fused pass; the createGraph pass adds them one op at a time.
        double[] Run(bool createGraph)
        {
            var r = new Random(5);
            var x = Tensor.Randn([Rows, Cols], r, requiresGrad: true);
            var t = Tensor.Randn([Rows, Cols], r);
            for (int pass = 0; pass < 3; pass++)
            {
                if (pass == 1) x.ZeroGrad(setToNone: false);
                var loss = x.Exp().Sum() + (t * x).Sum();
                if (contributions == 3) loss = loss + (x * x).Sum();
                loss.Backward(retainGraph: false, createGraph);
            }
            return x.Grad!.ToArray();
        }
        var oracle = Run(createGraph: true);
        Assert.Equal(oracle.Select(BitConverter.DoubleToInt64Bits), Run(createGraph: false).Select(BitConverter.DoubleToInt64Bits));
    }

    /// <summary>A custom op that keeps every gradient it is given, as user code may.</summary>
    private sealed class KeepsItsGradients(List<Tensor> kept) : Function
    {
        public override Tensor Forward(FunctionContext ctx, params Tensor[] inputs) => inputs[0] * 1.0;
        public override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput)
        {
            kept.Add(gradOutput);
            return [gradOutput];
        }
    }

    /// <summary>Runs op codes over large tensors, holding everything it makes; returns the held tensors.</summary>
    private static List<Tensor> RunProgram(int[] codes, int seed, bool retainSome, bool createGraph = false)
    {
        var r = new Random(seed);
        var a = Tensor.Randn([Rows, Cols], r, requiresGrad: true);
        var b = Tensor.Randn([Cols], r, requiresGrad: true);
        var w = Tensor.Randn([Cols, Cols], r, requiresGrad: true) * 0.2;   // a non-leaf weight, so its gradient flows on
        var kept = new List<Tensor>();
        var live = new List<Tensor> { a, a.Tanh() };
        var held = new List<Tensor> { a, b, w };
        foreach (int code in codes)
        {
            var u = live[r.Next(live.Count)];
            var v = live[r.Next(live.Count)];
            var t = (code % 9) switch
            {
                0 => u + v,                                   // v may be u: the engine sees one gradient twice
                1 => (u * v).Tanh(),
                2 => u - v * 0.5,
                3 => u.Sigmoid() + b,                         // broadcast: b's gradient is a row sum
                4 => u.Relu() * b,
                5 => u.Reshape(Cols, Rows).Reshape(Rows, Cols),  // views share their operand's buffer
                6 => u.MatMul(w).Tanh(),
                7 => new KeepsItsGradients(kept).Apply(u),
                _ => u.Exp().Tanh() / (v.Sigmoid() + 1.0),
            };
            if (retainSome && code % 4 == 0) t.RetainGrad();
            live.Add(t);
            held.Add(t);
        }
        var loss = (live[^1] * live[live.Count / 2]).Sum() + live[1].Mean() + live[^1].LogSumExp() * 0.5 + live[^2].Exp().Sum() * 1e-3;
        loss.Backward(retainGraph: false, createGraph);
        held.AddRange(kept);
        held.AddRange(held.Where(t => t.Grad is not null).Select(t => t.Grad!).ToList());
        return held;
    }

    /// <summary>Work that allocates and fills buffers with values no program makes.</summary>
    [Theory]
    [InlineData(1000)]             // the sum of the old Grad and g is computed at once
    [InlineData(Rows * Cols)]      // ... or lazily
    public void AGradLeftByACreateGraphPassKeepsItsValuesWhenAPlainPassAddsToIt(int n)
    {
        // PyTorch's pattern: backward(createGraph) leaves a recorded x.Grad, then a plain backward through it adds to it.
        // The sum must land in a buffer of its own, not in one the plain pass gives back when it ends.
        var r = new Random(7);
        var x = Tensor.Randn([n], r, requiresGrad: true);
        var v = Tensor.Randn([n], r);
        (x * x * x).Sum().Backward(retainGraph: false, createGraph: true);   // x.Grad = 3x², recorded
        (x.Grad! * v).Sum().Backward();                                      // x.Grad = 3x² + 6x·v
        var xs = x.ToArray();
        var vs = v.ToArray();
        var grad = x.Grad!;
        Scribble(8);
        var scribbled = new Random(9);
        for (int i = 0; i < 3; i++) (Tensor.Randn([n], scribbled, requiresGrad: true) * 2.0).Exp().Sum().Backward();
        var got = grad.ToArray();
        for (int i = 0; i < n; i++) Assert.Equal(3 * xs[i] * xs[i] + 6 * xs[i] * vs[i], got[i], 1e-9);
    }

    [Fact]
    public void ARetainedGradLeftByACreateGraphPassKeepsItsValuesWhenAPlainPassAddsToIt()
    {
        var r = new Random(10);
        var x = Tensor.Randn([1000], r, requiresGrad: true);
        var h = x * 2.0;
        h.RetainGrad();
        (h * h).Sum().Backward(retainGraph: true, createGraph: true);   // h.Grad = 2h, recorded
        (h * 3.0).Sum().Backward();                                     // h.Grad = 2h + 3
        var expected = h.ToArray().Select(v => 2 * v + 3).ToArray();
        var grad = h.Grad!;
        var scribbled = new Random(11);
        for (int i = 0; i < 3; i++) (Tensor.Randn([1000], scribbled, requiresGrad: true) * 2.0).Exp().Sum().Backward();
        Assert.Equal(expected, grad.ToArray());
    }

    [Fact]
    public void APlainPassAddsIntoALazyGradThatTwoCreateGraphPassesLeft()
    {
        // Two createGraph passes whose gradients need none leave x.Grad as an unrecorded lazy sum with no buffer yet;
        // the third, plain pass adds into it in place.
        var r = new Random(12);
        var x = Tensor.Randn([Rows * Cols], r, requiresGrad: true);
        var c = Tensor.Randn([Rows * Cols], r);
        for (int pass = 0; pass < 3; pass++) (x * c).Sum().Backward(retainGraph: false, createGraph: pass < 2);
        Assert.Equal(c.ToArray().Select(v => v + v + v), x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(Rows * Cols)]   // large: ZeroGrad leaves the zeros lazy
    public void AViewOfAGradReadsZerosOnceZeroGradHasClearedItInPlace(int n)
    {
        // As in PyTorch: zero_grad(set_to_none=False) clears the buffer that a detached view of the gradient shares.
        var p = Tensor.Zeros([n], requiresGrad: true);
        (p * 3.0).Sum().Backward();
        var view = p.Grad!.Detach();
        p.ZeroGrad(setToNone: false);
        var doubled = view * 2.0;
        Assert.All(doubled.ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(view.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(Rows * Cols)]
    public void AGradUsedAsAConstantInTheLossIsReadAsItWasBeforeThePass(int n)
    {
        // x's gradient is p.Grad as it was; p.Grad itself grows by 1. PyTorch computes x's before adding into p.grad.
        var (p, x) = TwoLeaves(n, seed: 13);
        (p * p).Sum().Backward();                                  // p.Grad = 2p
        var old = p.Grad!.ToArray();
        ((x * p.Grad!).Sum() + (p * 1.0).Sum()).Backward();
        Assert.Equal(old, x.Grad!.ToArray());
        Assert.Equal(old.Select(v => v + 1), p.Grad!.ToArray());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(Rows * Cols)]
    public void AGradACreateGraphPassLeftStillReadsWhatItReadThenAfterAnotherGradIsAddedInto(int n)
    {
        // a.Grad = 2a·c where c is b.Grad as it was; a later plain pass adds into b.Grad in place.
        var (a, b) = TwoLeaves(n, seed: 14);
        (b * b).Sum().Backward();                                                  // b.Grad = 2b
        (a * a * b.Grad!.Detach()).Sum().Backward(retainGraph: false, createGraph: true);
        (b * b).Sum().Backward();                                                  // b.Grad = 4b, in place
        var (av, bv) = (a.ToArray(), b.ToArray());
        var got = a.Grad!.ToArray();
        for (int i = 0; i < n; i++) Assert.Equal(2 * av[i] * 2 * bv[i], got[i], 1e-12);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(Rows * Cols)]
    public void AGradPassedAsTheSeedGradientIsReadAsItWasBeforeThePass(int n)
    {
        var (a, b) = TwoLeaves(n, seed: 15);
        (b * b).Sum().Backward();
        var seed = b.Grad!.ToArray();
        (b + a).Backward(b.Grad!);
        Assert.Equal(seed, a.Grad!.ToArray());
        Assert.Equal(seed.Select(v => v + v), b.Grad!.ToArray());
    }

    /// <summary>Two leaves of n standard normal elements that require gradients.</summary>
    private static (Tensor, Tensor) TwoLeaves(int n, int seed)
    {
        var r = new Random(seed);
        return (Tensor.Randn([n], r, requiresGrad: true), Tensor.Randn([n], r, requiresGrad: true));
    }

    private static void Scribble(int seed)
    {
        var r = new Random(seed);
        for (int i = 0; i < 6; i++)
        {
            var x = Tensor.Randn([Rows, Cols], r, requiresGrad: true);
            var y = Tensor.Randn([Cols, Cols], r, requiresGrad: true);
            ((x * 1e300).MatMul(y) + x.Exp() * x.Reshape(Cols, Rows).Reshape(Rows, Cols)).Sum().Backward();
            _ = Tensor.Full([Rows, Cols], double.NaN) * x;
            _ = Tensor.Full([Cols, Cols], double.NaN) + y;
        }
    }

    private static Gen<int[]> Programs => Gen.Choose(0, 8).ArrayOf().Where(c => c.Length is > 0 and <= 14);

    [Property(MaxTest = 150)]
    public Property NothingAProgramHoldsChangesWhenLaterWorkReusesFreedBuffers() =>
        Prop.ForAll(Programs.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (codes, seed) =>
        {
            var held = RunProgram(codes, seed, retainSome: seed % 2 == 0);
            var before = held.Select(t => t.ToArray()).ToList();
            Scribble(seed + 1);
            var after = held.Select(t => t.ToArray()).ToList();
            return before.Zip(after).All(p => p.First.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(p.Second.Select(BitConverter.DoubleToInt64Bits)));
        });

    /// <summary>
    /// Building the backward graph (createGraph) turns off every in-place sum and every reuse, and adds in the same order:
    /// it is the oracle for the plain pass, bit for bit, for leaf gradients, retained gradients and what a custom op saw.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property GradientsMatchAPassThatReusesNothing() =>
        Prop.ForAll(Programs.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (codes, seed) =>
        {
            double[][] Grads(bool createGraph) => RunProgram(codes, seed, retainSome: true, createGraph)
                .Where(t => t.Grad is not null).Select(t => t.Grad!.ToArray()).ToArray();
            var oracle = Grads(createGraph: true);
            var plain = Grads(createGraph: false);
            var warm = Grads(createGraph: false);   // a second run in the same process
            return Same(oracle, plain) && Same(oracle, warm);
        });

    private static bool Same(double[][] x, double[][] y) =>
        x.Length == y.Length && x.Zip(y).All(p => p.First.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(p.Second.Select(BitConverter.DoubleToInt64Bits)));
}
