using Autograd.Data;
using Autograd.Nn;
using Autograd.Optim;

namespace Autograd.Tests.Reliability;

/// <summary>
/// The test assembly's entry point. <c>dotnet exec Autograd.Tests.dll determinism-probe</c> prints the processor count
/// the runtime sees, then one line per fixed-seed training run of <see cref="Runs"/> (the trained weights' bit patterns),
/// so a test can compare runs under different process-wide settings (which cannot change inside a running process).
/// </summary>
internal static class DeterminismProbe
{
    public const string Command = "determinism-probe";

    /// <summary>The fixed-seed training runs, by name; each returns the bit patterns of the trained weights.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string>> Runs = new Dictionary<string, Func<string>>
    {
        ["raw-tensor MLP, SGD"] = RawTensorRun,
        ["Nn MLP, Adam, shuffled DataLoader"] = NnRun,
        ["PoissonNLLLoss and reductions over 300,001 elements (chunked sums and kernels)"] = LargeLossRun,
    };

    private static string LargeLossRun()
    {
        var random = new Random(2024);
        var x = Tensor.Randn([300_001], random, requiresGrad: true);
        var t = Tensor.FromArray(Enumerable.Range(0, 300_001).Select(_ => (double)random.Next(0, 9)).ToArray());
        var total = Functional.PoissonNLLLoss(x, t) + x.LogSumExp() + (x.Tanh() * x.Sigmoid()).Sum();
        total.Backward();
        var bits = total.ToArray().Concat(x.Grad!.ToArray()).SelectMany(v => BitConverter.GetBytes(v)).ToArray();
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bits));   // 300,002 values, as one fingerprint
    }

    /// <summary>
    /// Twenty SGD steps of a raw-tensor 64→256→1 perceptron on batches of 512 from seed 2024. The matrix products
    /// (512·64·256 multiply-adds) and the elementwise ops on the hidden layer (131,072 elements) are large enough that
    /// kernels splitting work across processors do so here.
    /// </summary>
    private static string RawTensorRun()
    {
        var random = new Random(2024);
        var model = new RawMlp(inputs: 64, hidden: 256, random);
        var batches = Enumerable.Range(0, 4).Select(_ => RawMlp.Batch(512, 64, random)).ToArray();
        for (int step = 0; step < 20; step++)
        {
            var (x, t) = batches[step % batches.Length];
            model.Step(x, t, learningRate: 0.05);
        }
        return model.Fingerprint();
    }

    /// <summary>Three epochs of Adam on Linear(64, 128) → Tanh → Linear(128, 1) with PoissonNLLLoss, shuffled batches of 256.</summary>
    private static string NnRun()
    {
        var random = new Random(2024);
        var net = new Sequential(new Linear(64, 128, random: random), new Tanh(), new Linear(128, 1, random: random));
        var (x, t) = RawMlp.Batch(1024, 64, random);
        var loader = new DataLoader(x, t, batchSize: 256, shuffle: true, random: random);
        var adam = new Adam(net.Parameters(), lr: 1e-2);
        var loss = new PoissonNLLLoss();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            foreach (var (features, targets) in loader)
            {
                adam.ZeroGrad();
                loss.Forward(net.Forward(features), targets).Backward();
                adam.Step();
            }
        }
        return BitPattern.Of(net.Parameters());
    }

    public static int Main(string[] args)
    {
        if (args is [Command])
        {
            Console.WriteLine(Environment.ProcessorCount);
            foreach (var run in Runs.Values) Console.WriteLine(run());
            return 0;
        }
        Console.Error.WriteLine($"This is the Autograd test assembly: run it with `dotnet test`. (`dotnet exec Autograd.Tests.dll {Command}` prints the determinism probe.)");
        return 2;
    }
}
