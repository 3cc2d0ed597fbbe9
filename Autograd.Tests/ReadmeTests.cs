namespace Autograd.Tests;

/// <summary>The README's usage snippet is compiled and run here; a second test keeps the two texts identical.</summary>
public class ReadmeTests
{
    [Fact]
    public void UsageSnippetRunsAndComputesTheClosedFormGradient()
    {
        // README:usage:begin
        var x = Tensor.FromArray([1.0, 2.0, 3.0], [3], requiresGrad: true);
        var w = Tensor.FromArray([0.5, -1.0, 2.0], [3], requiresGrad: true);
        var loss = (x * w).Exp().Sum();          // L = Σ exp(xᵢ wᵢ)
        loss.Backward();
        Console.WriteLine(x.Grad);               // ∂L/∂xᵢ = wᵢ exp(xᵢ wᵢ)
        Console.WriteLine(w.Grad);               // ∂L/∂wᵢ = xᵢ exp(xᵢ wᵢ)
        // README:usage:end

        double[] xs = [1, 2, 3], ws = [0.5, -1, 2];
        Assert.Equal(xs.Select((v, i) => ws[i] * Math.Exp(v * ws[i])).ToArray(), x.Grad!.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(xs.Select((v, i) => v * Math.Exp(v * ws[i])).ToArray(), w.Grad!.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void ReadmeShowsExactlyTheSnippetThisTestRuns()
    {
        var root = RepoRoot();
        var source = Lines(File.ReadAllText(Path.Combine(root, "Autograd.Tests", "ReadmeTests.cs")), "// README:usage:begin", "// README:usage:end");
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = Lines(readme, "<!-- usage:begin -->\n```csharp", "```\n<!-- usage:end -->");
        Assert.Equal(source, block);
    }

    private static string[] Lines(string text, string begin, string end)
    {
        int i = text.IndexOf(begin, StringComparison.Ordinal);
        int j = text.IndexOf(end, i + begin.Length, StringComparison.Ordinal);
        Assert.True(i >= 0 && j > i, $"markers {begin} / {end} not found");
        return [.. text[(i + begin.Length)..j].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Autograd.sln"))) return dir.FullName;
        throw new InvalidOperationException("Autograd.sln not found above the test binaries.");
    }
}
