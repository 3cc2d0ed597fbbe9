using System.Diagnostics;

namespace Autograd.Benchmarks;

/// <summary>Runs this benchmark program again as a fresh child process (the warm-up and scaling drivers' children).</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Starts this program with <paramref name="arguments"/> (through <c>dotnet Autograd.Benchmarks.dll</c> when this
    /// process was started that way, else the app host), pinned to CPU 0 with <c>taskset</c> when
    /// <paramref name="oneCore"/>, with <paramref name="environment"/> added; waits for it and returns its exit code and
    /// both output streams (read concurrently, so neither can fill up and stall the child).
    /// </summary>
    public static (int ExitCode, string Output, string Errors) Run(IEnumerable<string> arguments, bool oneCore,
        IEnumerable<(string Name, string Value)> environment)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") args.Add(typeof(ChildProcess).Assembly.Location);
        args.AddRange(arguments);
        var start = oneCore ? new ProcessStartInfo("taskset", ["-c", "0", self, .. args]) : new ProcessStartInfo(self, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, output, errors.Result);
    }
}
