using Autograd.Nn;

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
    public void PoissonSnippetRunsAndMatchesTheClosedFormGradient()
    {
        var random = new Random(3);
        var features = Tensor.Randn([8, 4], random);
        var counts = Tensor.FromArray([0, 1, 2, 0, 3, 1, 0, 5], [8, 1]);
        // README:poisson:begin
        var model = new Linear(inFeatures: 4, outFeatures: 1);           // log λ = x·wᵀ + b
        var loss = new PoissonNLLLoss();                                  // mean of λ − y·log λ (log input)
        var value = loss.Forward(model.Forward(features), counts);       // features [N, 4], counts [N, 1], y ≥ 0
        value.Backward();                                                 // fills model.Weight.Grad and model.Bias.Grad
        Console.WriteLine($"loss {value.Item():F4}, dL/dw {model.Weight.Grad}");
        // README:poisson:end

        // Closed form: dL/dwⱼ = (1/N) Σᵢ (exp(ηᵢ) − yᵢ) xᵢⱼ with ηᵢ = xᵢ·w + b.
        double[] x = features.ToArray(), w = model.Weight.ToArray(), y = counts.ToArray();
        double b = model.Bias!.Item();
        var expected = new double[4];
        for (int i = 0; i < 8; i++)
        {
            double eta = b + Enumerable.Range(0, 4).Sum(j => x[i * 4 + j] * w[j]);
            for (int j = 0; j < 4; j++) expected[j] += (Math.Exp(eta) - y[i]) * x[i * 4 + j] / 8;
        }
        Assert.Equal(expected, model.Weight.Grad!.ToArray(), (p, q) => Math.Abs(p - q) < 1e-12);
    }

    [Theory]
    [InlineData("usage")]
    [InlineData("poisson")]
    public void ReadmeShowsExactlyTheSnippetsThisTestRuns(string name)
    {
        var root = RepoRoot();
        var source = Lines(File.ReadAllText(Path.Combine(root, "Autograd.Tests", "ReadmeTests.cs")), $"// README:{name}:begin", $"// README:{name}:end");
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = Lines(readme, $"<!-- {name}:begin -->\n```csharp", $"```\n<!-- {name}:end -->");
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
