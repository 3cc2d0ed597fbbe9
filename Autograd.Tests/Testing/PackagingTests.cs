using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Autograd.Tests.Testing;

/// <summary>
/// <c>dotnet pack</c> of Autograd.Core, Autograd.Nn and Autograd.Testing, then the companion test project that
/// examples/CustomLayer/README.md shows, restored from those packages alone (plus the usual xunit and FsCheck) and run:
/// what a user's <c>dotnet add package Autograd.Testing</c> would get.
/// </summary>
public class PackagingTests
{
    private static readonly string[] Packages = ["Autograd.Core", "Autograd.Nn", "Autograd.Testing"];

    [Fact]
    public void PackagesBuildAndRunTheReadmeConsumer()
    {
        string repo = RepositoryRoot();
        string root = Path.Combine(Path.GetTempPath(), "autograd-packaging-" + Guid.NewGuid().ToString("N"));
        // A version of its own, so the global packages cache never serves a stale package from an earlier run.
        string version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        var clock = Stopwatch.StartNew();
        try
        {
            string feed = Path.Combine(root, "feed"), consumer = Path.Combine(root, "consumer");
            Directory.CreateDirectory(consumer);
            string filter = Path.Combine(root, "packages.slnf");
            File.WriteAllText(filter, $$"""
                { "solution": { "path": "{{Path.Combine(repo, "Autograd.sln").Replace("\\", "/")}}",
                  "projects": [{{string.Join(", ", Packages.Select(p => $"\"{p}/{p}.csproj\""))}}] } }
                """);
            Run(root, "pack", filter, "-c", "Release", "-o", feed, $"-p:Version={version}", "--artifacts-path", Path.Combine(root, "artifacts"), "-p:NuGetAudit=false");
            foreach (var p in Packages) Assert.True(File.Exists(Path.Combine(feed, $"{p}.{version}.nupkg")), $"dotnet pack made no {p} package");

            var (project, code) = ReadmeSnippets(repo);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), project
                .Replace("Include=\"Autograd.Testing\" Version=\"0.1.0\"", $"Include=\"Autograd.Testing\" Version=\"{version}\"")
                .Replace("../CustomLayer/StableSoftplus.cs", Path.Combine(repo, "examples", "CustomLayer", "StableSoftplus.cs")));
            File.WriteAllText(Path.Combine(consumer, "StableSoftplusTests.cs"), code);
            // The local feed on top of whatever sources this machine is configured with (xunit and FsCheck come from those).
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            var output = Run(consumer, "test", "Consumer.csproj", "-p:NuGetAudit=false");
            Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+1", output);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            RemoveFromPackageCache(version);
        }
        Console.WriteLine($"Packaging test: {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void ReadmeShowsTheOneLineProperty()
    {
        var (project, code) = ReadmeSnippets(RepositoryRoot());
        Assert.Contains("<PackageReference Include=\"Autograd.Testing\" Version=\"0.1.0\" />", project);
        Assert.Contains("../CustomLayer/StableSoftplus.cs", project);
        Assert.Single(Regex.Matches(code, @"\[Property"));
        Assert.Contains("GradProperty.Holds(", code);
    }

    /// <summary>The first xml block (the project) and the first csharp block (the test class) of examples/CustomLayer/README.md.</summary>
    private static (string Project, string Code) ReadmeSnippets(string repo)
    {
        var readme = File.ReadAllText(Path.Combine(repo, "examples", "CustomLayer", "README.md"));
        string Block(string language) => Regex.Match(readme, $@"```{language}\n(.*?)```", RegexOptions.Singleline) is { Success: true } m
            ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"examples/CustomLayer/README.md has no ```{language} block");
        return (Block("xml"), Block("csharp"));
    }

    /// <summary>Runs dotnet with the arguments in <paramref name="directory"/>; fails with the whole output unless it exits 0.</summary>
    private static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";   // no build servers left behind by a test
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"dotnet {string.Join(' ', arguments)} took over 3 minutes:\n{output}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode} in {directory}:\n{output}");
        return output.ToString();
    }

    private static void RemoveFromPackageCache(string version)
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var p in Packages)
        {
            var id = Path.Combine(cache, p.ToLowerInvariant());
            try
            {
                if (Directory.Exists(Path.Combine(id, version))) Directory.Delete(Path.Combine(id, version), recursive: true);
                if (Directory.Exists(id) && !Directory.EnumerateFileSystemEntries(id).Any()) Directory.Delete(id);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Autograd.sln"))) return dir.FullName;
        throw new Xunit.Sdk.XunitException($"No Autograd.sln above {AppContext.BaseDirectory}");
    }
}
