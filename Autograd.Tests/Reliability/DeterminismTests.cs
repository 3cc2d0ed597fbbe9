using System.Diagnostics;
using Xunit.Abstractions;

namespace Autograd.Tests.Reliability;

/// <summary>
/// A fixed-seed training run gives bit-identical weights on every run, and the same bits whether the runtime may use one
/// processor or all of them. <c>DOTNET_PROCESSOR_COUNT</c> is read once at start-up, so those runs are child processes.
/// </summary>
public sealed class DeterminismTests(ITestOutputHelper output)
{
    private const string ProcessorCountVariable = "DOTNET_PROCESSOR_COUNT";

    [Fact]
    public void RepeatedRunsGiveBitIdenticalWeights()
    {
        string first = DeterminismProbe.TrainedWeights();
        string second = DeterminismProbe.TrainedWeights();

        Assert.True(first == second, "two runs with the same seed ended with different weights");
        var untrained = new RawMlp(inputs: 64, hidden: 128, new Random(2024)).Fingerprint();
        Assert.NotEqual(untrained, first);   // the run really trained
    }

    [Fact]
    public void OneProcessorAndTheMachineDefaultGiveBitIdenticalWeights()
    {
        string inProcess = DeterminismProbe.TrainedWeights();

        var (oneCount, oneWeights) = RunProbe(processorCount: "1");
        var (defaultCount, defaultWeights) = RunProbe(processorCount: null);
        output.WriteLine($"child processes saw {oneCount} and {defaultCount} processors");

        Assert.Equal(1, oneCount);
        if (Environment.GetEnvironmentVariable(ProcessorCountVariable) is null)
            Assert.Equal(Environment.ProcessorCount, defaultCount);
        Assert.True(oneWeights == inProcess, $"weights trained with {ProcessorCountVariable}=1 differ from the test process's");
        Assert.True(defaultWeights == inProcess, "weights trained in a child with the default processor count differ from the test process's");
    }

    /// <summary>Runs this assembly's <see cref="DeterminismProbe"/> in a child <c>dotnet exec</c>; null leaves the count unset.</summary>
    private static (int ProcessorCount, string Weights) RunProbe(string? processorCount)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", typeof(DeterminismProbe).Assembly.Location, DeterminismProbe.Command })
            start.ArgumentList.Add(arg);
        start.Environment.Remove(ProcessorCountVariable);
        if (processorCount is not null) start.Environment[ProcessorCountVariable] = processorCount;

        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        string stdout = child.StandardOutput.ReadToEnd();
        if (!child.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            child.Kill();
            throw new TimeoutException("the determinism probe did not finish within two minutes");
        }
        Assert.True(child.ExitCode == 0, $"probe exited with {child.ExitCode}: {stderr.Result}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (int.Parse(lines[0]), lines[1]);
    }
}
