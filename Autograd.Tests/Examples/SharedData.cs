namespace Autograd.Tests.Examples;

/// <summary>Locates ../shared/data beside the repository root (the folder that holds Autograd.sln).</summary>
internal static class SharedData
{
    /// <summary>The full path of <paramref name="relative"/> inside ../shared/data, or null when the repository root is not found.</summary>
    public static string? PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Autograd.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relative));
        return null;
    }

    /// <summary>The path of a data file, or a skip of the calling <c>[SkippableFact]</c> naming what is missing.</summary>
    public static string Require(string relative)
    {
        var path = PathOf(relative);
        Skip.If(path is null || !File.Exists(path),
            $"Data file ../shared/data/{relative} is not present (looked at {path ?? "<repository root not found>"}); this test needs the shared data folder.");
        return path!;
    }
}
