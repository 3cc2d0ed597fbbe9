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
