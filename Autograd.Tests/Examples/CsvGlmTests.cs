using System.Text.Json;

namespace Autograd.Tests.Examples;

/// <summary>--dataset csv against R 4.2.2's glm on GlmReference/visits.csv (a numeric-level factor, a text factor, an exposure and an offset).</summary>
public class CsvGlmTests
{
    public static TheoryData<string, string[]> Fits => new()
    {
        { "exposure", ["--target", "count", "--features", "age", "--factors", "dose,site", "--exposure", "hours"] },
        { "offset", ["--target", "count", "--features", "age", "--factors", "dose", "--offset", "base"] },
        { "defaults", ["--target", "count", "--factors", "dose,site", "--exposure", "hours"] },
    };

    [Theory]
    [MemberData(nameof(Fits))]
    public void JsonFiguresEqualRs(string fit, string[] model)
    {
        var json = Path.Combine(Path.GetTempPath(), $"csvglm-{Guid.NewGuid():N}.json");
        try
        {
            var (code, _, error) = GlmReferenceFiles.Run(["--dataset", "csv", "--csv", GlmReferenceFiles.Visits, .. model, "--json", json]);
            Assert.True(code == 0, error);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var ours = doc.RootElement;
            var r = GlmReferenceFiles.Reference(fit);
            Assert.Equal(["terms", "deviance", "nullDeviance", "dfResidual", "dfNull", "logLik", "aic", "iterations"],
                ours.EnumerateObject().Select(p => p.Name));
            var oursTerms = ours.GetProperty("terms").EnumerateArray().ToArray();
            var rTerms = r.GetProperty("terms").EnumerateArray().ToArray();
            Assert.Equal(rTerms.Select(t => t.GetProperty("name").GetString()), oursTerms.Select(t => t.GetProperty("name").GetString()));
            for (int k = 0; k < rTerms.Length; k++)
            {
                Assert.Equal(["name", "estimate", "stdError", "z", "p"], oursTerms[k].EnumerateObject().Select(p => p.Name));
                // R was run to convergence (epsilon = 1e-14, see make_reference.R), so its SEs are the exact inverse Hessian's too.
                Close(rTerms[k], oursTerms[k], "estimate", 1e-9);
                Close(rTerms[k], oursTerms[k], "stdError", 1e-8);
                Close(rTerms[k], oursTerms[k], "z", 1e-7);
                Assert.Equal(1, oursTerms[k].GetProperty("p").GetDouble() / rTerms[k].GetProperty("p").GetDouble(), 1e-6);
            }
            foreach (var key in new[] { "deviance", "nullDeviance", "logLik", "aic" }) Close(r, ours, key, 1e-9);
            Assert.Equal(r.GetProperty("dfResidual").GetInt32(), ours.GetProperty("dfResidual").GetInt32());
            Assert.Equal(59, ours.GetProperty("dfNull").GetInt32());
            Assert.InRange(ours.GetProperty("iterations").GetInt32(), 3, 12);
        }
        finally
        {
            File.Delete(json);
        }
    }

    // Far from μ = 1: exposures of 1e-300 (an offset near −690) and 1e+300, and counts near 1e12. From β = 0 exp left the
    // range of doubles or Newton crept a unit per step (found by review); from the intercept-only fit they converge.
    // Expected values: R 4.2.2, glm(y ~ x, family = poisson, offset = log(e)) (resp. glm(y ~ x, family = poisson)) on
    // these very rows, coef(summary(m))[, 1:2].
    [Theory]
    [InlineData("1e-300", 691.548471495, 0.1934014, -0.002056881, 0.0578172)]
    [InlineData("1e+300", -689.6385003, 0.17911853, -0.2263603, 0.06707978)]
    public void ExtremeExposuresFitAsInR(string scale, double intercept, double interceptSe, double slope, double slopeSe)
    {
        int[] y = [9, 4, 5, 8, 0, 7, 3, 0, 2, 1, 5, 7, 3, 6, 8, 1, 9, 3, 0, 3];
        int[] yBig = [6, 4, 2, 6, 2, 1, 2, 9, 9, 7, 2, 2, 0, 0, 3, 3, 2, 2, 4, 5];
        var counts = scale == "1e-300" ? y : yBig;
        var lines = new List<string> { "y,x,e" };
        for (int i = 0; i < counts.Length; i++)
            lines.Add($"{counts[i]},{i % 7},{1 + i % 3}{scale[1..]}");
        using var csv = CorruptCsv.FromLines("extreme.csv", [.. lines]);
        var (code, output, error) = GlmReferenceFiles.Run("--dataset", "csv", "--csv", csv.Path, "--target", "y", "--features", "x", "--exposure", "e");
        Assert.True(code == 0, error + output);
        var fit = CountRegression.Modeling.PoissonGlm.Fit(CountRegression.Data.GlmDesign.Build(
            CountRegression.Data.CsvTable.Read(csv.Path), new CountRegression.Data.GlmSpec("y", ["x"], Exposure: "e")));
        Assert.True(fit.Converged, fit.Optimization.Message);
        Assert.Equal(intercept, fit.Terms[0].Estimate, 1e-6);
        // R ran with its default epsilon here, so its standard errors come from the last IRLS weights: 1e-5 relative.
        Assert.Equal(interceptSe, fit.Terms[0].StdError, 1e-5 * interceptSe);
        Assert.Equal(slope, fit.Terms[1].Estimate, 5e-7);   // R printed 7 significant digits
        Assert.Equal(slopeSe, fit.Terms[1].StdError, 1e-5 * slopeSe);
    }

    [Theory]
    [InlineData("count ~ age + dose + site", "--features", "age", "--factors", "dose,site", "--exposure", "hours")]
    [InlineData("count ~ age + dose,", "--features", "age", "--factors", "dose", "--offset", "base")]
    [InlineData("count ~ age + base + dose + site", "--factors", "dose,site", "--exposure", "hours")]
    public void PrintedTableIsRsLineForLine(string formula, params string[] model)
    {
        var (code, output, error) = GlmReferenceFiles.Run(["--dataset", "csv", "--csv", GlmReferenceFiles.Visits, "--target", "count", .. model]);
        Assert.True(code == 0, error);
        var expected = GlmReferenceFiles.RSummary(formula).Where(l => l.Length > 0).ToArray();
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int start = Array.IndexOf(lines, "Coefficients:");
        var ours = lines[start..].Where(l => l.Length > 0).Take(expected.Length).ToArray();
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void TermsAreInterceptFeaturesThenFactorLevelsInRsOrder()
    {
        var (code, output, _) = GlmReferenceFiles.Run("--dataset", "csv", "--csv", GlmReferenceFiles.Visits, "--target", "count",
            "--features", "base,age", "--factors", "site,dose", "--exposure", "hours");
        Assert.Equal(0, code);
        var names = output.Split('\n').SkipWhile(l => !l.StartsWith("Coefficients:", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => !l.StartsWith("---", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToArray();
        // dose's levels are numbers, so 2 < 5 < 10 (not the text order "10" < "2" < "5"); site's are text: east < north < south.
        Assert.Equal(["(Intercept)", "base", "age", "sitenorth", "sitesouth", "dose5", "dose10"], names);
    }

    private static void Close(JsonElement r, JsonElement ours, string key, double tolerance)
    {
        double a = r.GetProperty(key).GetDouble(), b = ours.GetProperty(key).GetDouble();
        Assert.True(Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(a)), $"{key}: R {a:R}, ours {b:R}");
    }
}
