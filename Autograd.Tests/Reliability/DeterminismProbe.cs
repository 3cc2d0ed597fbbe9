namespace Autograd.Tests.Reliability;

/// <summary>
/// The test assembly's entry point. <c>dotnet exec Autograd.Tests.dll determinism-probe</c> runs the fixed-seed training
/// of <see cref="TrainedWeights"/> and prints the processor count the runtime sees, then the weights' bit patterns, so a
/// test can compare runs under different process-wide settings (which cannot change inside a running process).
/// </summary>
internal static class DeterminismProbe
{
    public const string Command = "determinism-probe";

    /// <summary>
    /// Twenty SGD steps of a 64→128→1 perceptron on batches of 512 from seed 2024. The matrix products (512·64·128
    /// multiply-adds) are large enough that a kernel splitting work across processors would do so here.
    /// </summary>
    public static string TrainedWeights()
    {
        var random = new Random(2024);
        var model = new RawMlp(inputs: 64, hidden: 128, random);
        var batches = Enumerable.Range(0, 4).Select(_ => RawMlp.Batch(512, 64, random)).ToArray();
        for (int step = 0; step < 20; step++)
        {
            var (x, t) = batches[step % batches.Length];
            model.Step(x, t, learningRate: 0.05);
        }
        return model.Fingerprint();
    }

    public static int Main(string[] args)
    {
        if (args is [Command])
        {
            Console.WriteLine(Environment.ProcessorCount);
            Console.WriteLine(TrainedWeights());
            return 0;
        }
        Console.Error.WriteLine($"This is the Autograd test assembly: run it with `dotnet test`. (`dotnet exec Autograd.Tests.dll {Command}` prints the determinism probe.)");
        return 2;
    }
}
