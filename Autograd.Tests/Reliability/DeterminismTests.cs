using System.Diagnostics;
using Xunit.Abstractions;

namespace Autograd.Tests.Reliability;

/// <summary>
/// A fixed-seed training run gives bit-identical weights on every run, and the same bits whether the runtime may use one
/// processor or all of them, and whichever way the JIT compiles the code (precompiled, tiered, fully optimised from the
/// start). Those settings are read once at start-up, so those runs are child processes.
/// </summary>
public sealed class DeterminismTests(ITestOutputHelper output)
{
    private const string ProcessorCountVariable = "DOTNET_PROCESSOR_COUNT";
    private static readonly string[] RuntimeVariables = [ProcessorCountVariable, "DOTNET_TieredCompilation", "DOTNET_ReadyToRun"];

    /// <summary>The weights of every run of <see cref="DeterminismProbe.Runs"/> trained in this process, computed once.</summary>
    private static readonly Lazy<string[]> InProcess = new(() => [.. DeterminismProbe.Runs.Values.Select(run => run())]);

    public static TheoryData<string> RunNames => new(DeterminismProbe.Runs.Keys);

    /// <summary>Child-process settings: one processor, the machine's default, no tiering, no precompiled code.</summary>
    public static TheoryData<string, string?> Settings => new()
    {
        { ProcessorCountVariable, "1" },
        { ProcessorCountVariable, null },
        { "DOTNET_TieredCompilation", "0" },
        { "DOTNET_ReadyToRun", "0" },
    };

    [Theory]
    [MemberData(nameof(RunNames))]
    public void RepeatedRunsGiveBitIdenticalWeights(string run)
    {
        string first = DeterminismProbe.Runs[run]();
        string second = DeterminismProbe.Runs[run]();

        Assert.True(first == second, $"two runs of '{run}' with the same seed ended with different weights");
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void AChildProcessWithThisRuntimeSettingTrainsBitIdenticalWeights(string variable, string? value)
    {
        var (processorCount, weights) = RunProbe(variable, value);
        output.WriteLine($"child with {variable}={value ?? "(unset)"} saw {processorCount} processors");

        if (variable == ProcessorCountVariable && value is not null)
            Assert.Equal(int.Parse(value), processorCount);
        else if (Environment.GetEnvironmentVariable(ProcessorCountVariable) is null)
            Assert.Equal(Environment.ProcessorCount, processorCount);
        var names = DeterminismProbe.Runs.Keys.ToArray();
        for (int i = 0; i < names.Length; i++)
            Assert.True(weights[i] == InProcess.Value[i], $"'{names[i]}' trained with {variable}={value ?? "(unset)"} differs from the test process's run");
    }

    /// <summary>
    /// Runs this assembly's <see cref="DeterminismProbe"/> in a child <c>dotnet exec</c> with the runtime variables of this
    /// test cleared, then <paramref name="variable"/> set to <paramref name="value"/> (null: left unset).
    /// </summary>
    private static (int ProcessorCount, string[] Weights) RunProbe(string variable, string? value)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", typeof(DeterminismProbe).Assembly.Location, DeterminismProbe.Command })
            start.ArgumentList.Add(arg);
        foreach (var v in RuntimeVariables) start.Environment.Remove(v);
        if (value is not null) start.Environment[variable] = value;

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
