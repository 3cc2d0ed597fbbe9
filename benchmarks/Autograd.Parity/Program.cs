// Parity of Autograd with libtorch through TorchSharp (float64). Optimizers: the same small model, data and initial
// weights in both worlds, 25 optimizer steps, then the largest difference between the two sets of weights. Ops
// (OpParity.cs): values and gradients of the tensor vocabulary on the same inputs.
// Run: dotnet run -c Release --project benchmarks/Autograd.Parity
// (TorchSharp's native library may first need /work/shared/tools/torchsharp-compat ~/.nuget/packages/torchsharp.)
using Autograd.Optim;
using TorchSharp;
using static TorchSharp.torch;
using AgTensor = Autograd.Tensor;
using TsParameter = TorchSharp.Modules.Parameter;
using TsTensor = TorchSharp.torch.Tensor;

const int Steps = 25;
var random = new Random(2024);
var x = Normal([32, 3], random);
var y = Enumerable.Range(0, 32).Select(i => Math.Sin(x[3 * i]) + 0.5 * x[3 * i + 1] * x[3 * i + 2]).ToArray();
// An MLP 3 → 6 → 1 with tanh: W1 [6, 3], b1 [6], W2 [1, 6], b2 [1].
int[][] shapes = [[6, 3], [6], [1, 6], [1]];
var initial = shapes.Select(s => Normal(s, random).Select(v => 0.5 * v).ToArray()).ToArray();

var agX = AgTensor.FromArray(x, [32, 3]);
var agY = AgTensor.FromArray(y, [32, 1]);
var tsX = torch.tensor(x, [32, 3], ScalarType.Float64);
var tsY = torch.tensor(y, [32, 1], ScalarType.Float64);

Console.WriteLine($"{"optimizer",-44} {"max |Δ|",12} {"max |Δ|/|w|",12}  (after {Steps} steps, float64)");
Compare("Sgd lr=0.05 momentum=0.9 nesterov wd=1e-2",
    p => new Sgd(p, lr: 0.05, momentum: 0.9, weightDecay: 1e-2, nesterov: true),
    p => torch.optim.SGD(p, 0.05, momentum: 0.9, weight_decay: 1e-2, nesterov: true));
Compare("Sgd lr=0.1 momentum=0.5",
    p => new Sgd(p, lr: 0.1, momentum: 0.5),
    p => torch.optim.SGD(p, 0.1, momentum: 0.5));
Compare("Adam lr=1e-2 wd=1e-3",
    p => new Adam(p, lr: 1e-2, weightDecay: 1e-3),
    p => torch.optim.Adam(p, 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 1e-3));
Compare("Adam lr=0.05 betas=(0.8, 0.99) eps=1e-6",
    p => new Adam(p, lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6),
    p => torch.optim.Adam(p, 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6));
Compare("AdamW lr=1e-2 wd=1e-2",
    p => new AdamW(p, lr: 1e-2),
    p => torch.optim.AdamW(p, 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 1e-2));
Compare("AdamW lr=0.05 wd=0.3",
    p => new AdamW(p, lr: 0.05, weightDecay: 0.3),
    p => torch.optim.AdamW(p, 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.3));
CompareLbfgs();
return OpParity.Run() <= 1e-9 ? 0 : 1;   // values and gradients agree to 1e-9 relative (libtorch's trigamma is the loosest, ~5e-10), or the run fails

double Loss(AgTensor[] p)
{
    using var _ = AgTensor.NoGrad();
    return AgLoss(p).Item();
}

AgTensor AgLoss(AgTensor[] p)
{
    var h = (agX.MatMul(p[0].T) + p[1]).Tanh();
    return (h.MatMul(p[2].T) + p[3] - agY).Pow(2).Mean();
}

TsTensor TsLoss(TsParameter[] p)
{
    var h = torch.tanh(tsX.matmul(p[0].t()) + p[1]);
    return (h.matmul(p[2].t()) + p[3] - tsY).pow(2).mean();
}

void Compare(string label, Func<AgTensor[], Optimizer> makeOurs, Func<TsParameter[], torch.optim.Optimizer> makeTheirs)
{
    var ours = initial.Select((w, i) => AgTensor.FromArray(w, shapes[i], requiresGrad: true)).ToArray();
    var ourOptimizer = makeOurs(ours);
    var theirs = initial.Select((w, i) => new TsParameter(torch.tensor(w, shapes[i].Select(d => (long)d).ToArray(), ScalarType.Float64))).ToArray();
    var theirOptimizer = makeTheirs(theirs);
    for (int k = 0; k < Steps; k++)
    {
        ourOptimizer.ZeroGrad();
        AgLoss(ours).Backward();
        ourOptimizer.Step();

        theirOptimizer.zero_grad();
        using var scope = torch.NewDisposeScope();
        TsLoss(theirs).backward();
        theirOptimizer.step();
    }
    Report(label, ours.Select(t => t.ToArray()), theirs.Select(t => t.data<double>().ToArray()), $"loss {Loss(ours):F6} → moved {Distance(ours):F3}");
}

double Distance(AgTensor[] p) => Math.Sqrt(p.Select((t, i) => t.ToArray().Zip(initial[i], (a, b) => (a - b) * (a - b)).Sum()).Sum());

void CompareLbfgs()
{
    // TorchSharp 0.107 builds libtorch's LBFGS without line_search_fn (no strong-Wolfe search), so step-for-step
    // trajectories cannot be compared. Both must still reach the same minimiser of a convex problem: a least-squares
    // fit of a linear model (quadratic, so libtorch's fixed-step LBFGS converges from lr = 1 as well).
    var features = AgTensor.FromArray(x, [32, 3]);
    var targets = AgTensor.FromArray(y, [32, 1]);
    var w = AgTensor.Zeros([3, 1], requiresGrad: true);
    var b = AgTensor.Zeros([1], requiresGrad: true);
    var lbfgs = new Lbfgs([w, b], toleranceGrad: 1e-12, toleranceChange: 1e-15);
    Func<AgTensor> closure = () =>
    {
        lbfgs.ZeroGrad();
        var loss = (features.MatMul(w) + b - targets).Pow(2).Mean();
        loss.Backward();
        return loss;
    };
    for (int k = 0; k < Steps; k++) lbfgs.Step(closure);

    var tw = new TsParameter(torch.zeros([3, 1], ScalarType.Float64));
    var tb = new TsParameter(torch.zeros([1], ScalarType.Float64));
    var theirs = torch.optim.LBFGS([tw, tb], lr: 1, max_iter: 20, tolerange_grad: 1e-12, tolerance_change: 1e-15);
    Func<TsTensor> theirClosure = () =>
    {
        theirs.zero_grad();
        var loss = (tsX.matmul(tw) + tb - tsY).pow(2).mean();
        loss.backward();
        return loss;
    };
    for (int k = 0; k < Steps; k++) theirs.step(theirClosure);

    Report("Lbfgs (minimiser of least squares)", [w.ToArray(), b.ToArray()], [tw.data<double>().ToArray(), tb.data<double>().ToArray()],
        $"loss {closure().Item():F9} vs {theirClosure().item<double>():F9}");
}

static void Report(string label, IEnumerable<double[]> ours, IEnumerable<double[]> theirs, string note)
{
    double maxAbs = 0, maxRel = 0;
    foreach (var (a, b) in ours.Zip(theirs))
        for (int i = 0; i < a.Length; i++)
        {
            double diff = Math.Abs(a[i] - b[i]);
            maxAbs = Math.Max(maxAbs, diff);
            maxRel = Math.Max(maxRel, diff / Math.Max(Math.Abs(b[i]), 1e-300));
        }
    Console.WriteLine($"{label,-44} {maxAbs,12:E2} {maxRel,12:E2}  {note}");
}

static double[] Normal(int[] shape, Random random)
{
    var values = new double[shape.Aggregate(1, (a, d) => a * d)];
    for (int i = 0; i < values.Length; i++)
        values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    return values;
}
