// CustomLayer: a custom differentiable op (StableSoftplus), proven with GradCheck and an FsCheck property run, wrapped in a
// custom Module (PoissonRateLayer, with an exposure offset) and trained by maximum likelihood. Exit code 0 only if all holds.
using System.Globalization;
using Autograd;
using CustomLayer;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine("1. Why a custom op: log(1 + exp(x)) composed from Exp and Log versus StableSoftplus");
var points = Tensor.FromArray([-800, -40, 0, 40, 800]);
var naive = (points.Exp() + 1).Log().ToArray();
var stable = StableSoftplus.Apply(points).ToArray();
Console.WriteLine($"   {"x",8} {"naive",24} {"StableSoftplus",24}");
for (int i = 0; i < naive.Length; i++) Console.WriteLine($"   {points.Span[i],8} {naive[i],24:R} {stable[i],24:R}");

Console.WriteLine();
Console.WriteLine("2. Proof: GradCheck (first and second order) and an FsCheck property over random tensors");
var proof = GradientProof.Run(maxTest: 100);
Console.WriteLine($"   first order:  {proof.FirstOrder}");
Console.WriteLine($"   second order: {proof.SecondOrder}");
Console.WriteLine(proof.PropertyFailure is null
    ? $"   property: GradCheck passes, softplus(x) − softplus(−x) = x and softplus(x) ≥ max(x, 0) on {proof.PropertyTests} random tensors"
    : $"   property FAILED: {proof.PropertyFailure}");

Console.WriteLine();
Console.WriteLine("3. Training PoissonRateLayer: μ = exposure · softplus(x·wᵀ + b), PoissonNLLLoss(logInput: false)");
Console.WriteLine("   data: one [rows, 5] table (Tensor.Cat of features, exposure, count), sliced with table[.., ..3], table[.., 3], table[.., ^1..]");
Console.WriteLine("   two epochs of Adam on shuffled batches of 250 rows (DataLoader([features, exposure, counts])), then L-BFGS");
var training = LayerTraining.Run();
Console.WriteLine($"   parameters: {string.Join(", ", training.StateDictKeys)}");
Console.WriteLine($"   mean loss {training.InitialLoss:F4} → {training.WarmUpLoss:F4} (minibatches) → {training.FinalLoss:F4} (L-BFGS)");
Console.WriteLine($"   {"term",-6} {"true",8} {"learned",8}");
foreach (var c in training.Coefficients) Console.WriteLine($"   {c.Term,-6} {c.True,8:F3} {c.Learned,8:F3}");
Console.WriteLine(training.Recovered
    ? $"OK: gradients proven and every coefficient within {training.Tolerance} of the truth."
    : $"FAILED: a coefficient is further than {training.Tolerance} from the truth.");
return proof.Passed && training.Recovered ? 0 : 1;
