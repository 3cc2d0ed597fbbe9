using Autograd.Nn;
using Autograd.Optim;

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
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void GlmSnippetFitsTheMleAndItsStandardErrorsAreTheClosedForm(int start)
    {
        var random = new Random(5);
        var x = Tensor.Randn([60, 3], random);
        double[] xs = x.ToArray();
        var y = Tensor.FromArray(Enumerable.Range(0, 60).Select(i =>
            (double)MathNet.Numerics.Distributions.Poisson.Sample(random, Math.Exp(0.3 + 0.5 * xs[i * 3] - 0.2 * xs[i * 3 + 1]))).ToArray(), [60, 1]);
        using var seed = Tensor.ManualSeed(start); // the Linear's random start, fixed so the test does not depend on other tests
        // README:glm:begin
        var model = new Linear(inFeatures: 3, outFeatures: 1);                  // log μ = x·wᵀ + b
        Tensor Nll() { var eta = model.Forward(x); return (eta.Exp() - y * eta + (y + 1).Lgamma()).Sum(); } // −log P(y; μ), exact
        var fit = new Newton(model.Parameters()).Minimize(Nll);                 // exact Hessian; from any start, no scaling
        var se = Linalg.Inverse(Autodiff.Hessian(Nll, model.Parameters())).Diagonal().Sqrt(); // √diag(H⁻¹): w₁, w₂, w₃, b
        Console.WriteLine($"{fit.Reason}: w = {model.Weight}, b = {model.Bias}, SE = {se}, AIC = {2 * fit.Loss + 2 * 4:F2}");
        // README:glm:end

        Assert.True(fit.Converged, fit.Message);
        // Closed form: at the MLE, Xᵀ(y − μ) = 0 and H = XᵀWX with W = diag(μ), X = [x, 1].
        double[] w = model.Weight.ToArray(), yv = y.ToArray();
        double b = model.Bias!.Item();
        var design = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(60, 4, (i, j) => j < 3 ? xs[i * 3 + j] : 1);
        var mu = Enumerable.Range(0, 60).Select(i => Math.Exp(b + w[0] * xs[i * 3] + w[1] * xs[i * 3 + 1] + w[2] * xs[i * 3 + 2])).ToArray();
        var score = design.TransposeThisAndMultiply(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(60, i => yv[i] - mu[i]));
        // Newton stops when its predicted decrease −½ g·d is 1e-15 of the loss: |g| ~ 1e-6 here, β within ~1e-9 of the MLE.
        Assert.True(score.AbsoluteMaximum() < 1e-5, $"score {score}");
        var h = design.TransposeThisAndMultiply(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DiagonalOfDiagonalArray(mu)).Multiply(design);
        var expected = h.Inverse().Diagonal().Select(Math.Sqrt).ToArray();
        Assert.Equal(expected, se.ToArray(), (p, q) => Math.Abs(p - q) < 1e-9);
        double logLik = Enumerable.Range(0, 60).Sum(i => MathNet.Numerics.Distributions.Poisson.PMFLn(mu[i], (int)yv[i]));
        Assert.Equal(-logLik, fit.Loss, 1e-9);
    }

    [Theory]
    [InlineData("usage")]
    [InlineData("poisson")]
    [InlineData("glm")]
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
