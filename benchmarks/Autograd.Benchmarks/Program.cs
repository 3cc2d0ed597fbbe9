using Autograd.Benchmarks;

// Runs every workload in Autograd and in TorchSharp (float64, same process, same run) and prints
// ours/theirs ratios of medians. Options: --quick (fewer, shorter iterations), --filter TEXT (workloads whose
// name contains TEXT; repeatable), --autograd-only (skip TorchSharp).
// --warmup [...] instead times the first calls of fresh processes (WarmupDriver); --warmup-child is its child.
if (args.Length > 0 && args[0] == "--warmup") return WarmupDriver.Run(args[1..]);
if (args.Length > 0 && args[0] == "--warmup-child") return WarmupChild.Run(args[1..]);
var options = RunOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project benchmarks/Autograd.Benchmarks -- [--quick] [--filter TEXT]... [--autograd-only]");
    Console.Error.WriteLine("       dotnet run -c Release --project benchmarks/Autograd.Benchmarks -- --warmup [--one-core] [--runs N] [--filter mlp|poisson1k|bike|poisson1m]...");
    return 2;
}
return BenchmarkProgram.Run(options);
