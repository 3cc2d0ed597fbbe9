using Autograd.Benchmarks;

// Runs every workload in Autograd and in TorchSharp (float64, same process, same run) and prints
// ours/theirs ratios of medians. Options: --quick (fewer, shorter iterations), --filter TEXT (workloads whose
// name contains TEXT; repeatable), --autograd-only (skip TorchSharp).
// --warmup [...] instead times the first calls of fresh processes (WarmupDriver); --warmup-child is its child.
if (args.Length > 0 && args[0] == "--warmup") return WarmupDriver.Run(args[1..]);
if (args.Length > 0 && args[0] == "--warmup-child") return WarmupChild.Run(args[1..]);
// --scaling prints the MLP step's cost per sample over batch 32–16,384 and width 32–512, both sides (ScalingTable).
if (args.Length > 0 && args[0] == "--scaling") return ScalingTable.Run(args[1..]);
if (args.Length > 0 && args[0] == "--scaling-child") return ScalingTable.Child(args[1..]);
var options = RunOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project benchmarks/Autograd.Benchmarks -- [--quick] [--filter TEXT]... [--autograd-only]");
    Console.Error.WriteLine("       dotnet run -c Release --project benchmarks/Autograd.Benchmarks -- --warmup [--one-core] [--runs N] [--filter mlp|poisson1k|bike|poisson1m]...");
    Console.Error.WriteLine("       dotnet run -c Release --project benchmarks/Autograd.Benchmarks -- --scaling [--autograd-only]");
    return 2;
}
return BenchmarkProgram.Run(options);
