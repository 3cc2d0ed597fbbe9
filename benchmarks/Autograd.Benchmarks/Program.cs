using Autograd.Benchmarks;

// Runs every workload in Autograd and in TorchSharp (float64, same process, same run) and prints
// ours/theirs ratios of medians. Options: --quick (fewer, shorter iterations), --filter TEXT (workloads whose
// name contains TEXT; repeatable), --autograd-only (skip TorchSharp).
var options = RunOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project benchmarks/Autograd.Benchmarks -- [--quick] [--filter TEXT]... [--autograd-only]");
    return 2;
}
return BenchmarkProgram.Run(options);
