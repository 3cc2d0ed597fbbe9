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

    public static TheoryData<string> RunNames => new(DeterminismProbe.Runs.Keys);

    [Theory]
    [MemberData(nameof(RunNames))]
    public void RepeatedRunsGiveBitIdenticalWeights(string run)
    {
        string first = DeterminismProbe.Runs[run]();
        string second = DeterminismProbe.Runs[run]();

        Assert.True(first == second, $"two runs of '{run}' with the same seed ended with different weights");
    }

    [Fact]
    public void OneProcessorAndTheMachineDefaultGiveBitIdenticalWeights()
    {
        var inProcess = DeterminismProbe.Runs.Values.Select(run => run()).ToArray();

        var (oneCount, oneWeights) = RunProbe(processorCount: "1");
        var (defaultCount, defaultWeights) = RunProbe(processorCount: null);
        output.WriteLine($"child processes saw {oneCount} and {defaultCount} processors");

        Assert.Equal(1, oneCount);
        if (Environment.GetEnvironmentVariable(ProcessorCountVariable) is null)
            Assert.Equal(Environment.ProcessorCount, defaultCount);
        var names = DeterminismProbe.Runs.Keys.ToArray();
        for (int i = 0; i < names.Length; i++)
        {
            Assert.True(oneWeights[i] == inProcess[i], $"'{names[i]}' trained with {ProcessorCountVariable}=1 differs from the test process's run");
            Assert.True(defaultWeights[i] == inProcess[i], $"'{names[i]}' trained in a child with the default processor count differs from the test process's run");
        }
    }

    /// <summary>Runs this assembly's <see cref="DeterminismProbe"/> in a child <c>dotnet exec</c>; null leaves the count unset.</summary>
    private static (int ProcessorCount, string[] Weights) RunProbe(string? processorCount)
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
        Assert.Equal(1 + DeterminismProbe.Runs.Count, lines.Length);
        return (int.Parse(lines[0]), lines[1..]);
    }
}
