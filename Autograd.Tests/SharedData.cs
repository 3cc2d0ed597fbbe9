namespace Autograd.Tests;

/// <summary>Finds data files in ../shared/data beside the repository root, or skips the test that needs them.</summary>
internal static class SharedData
{
    /// <summary>
    /// The full path of <paramref name="relative"/> inside ../shared/data. When the file is absent the calling
    /// <c>[SkippableFact]</c> is reported SKIPPED with this reason, never passed silently.
    /// </summary>
    public static string Require(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(ReadmeTests.RepoRoot(), "..", "shared", "data", relative));
        Skip.IfNot(File.Exists(path), $"Data file ../shared/data/{relative} is not present (looked at {path}); this test needs the shared data folder.");
        return path;
    }
}
