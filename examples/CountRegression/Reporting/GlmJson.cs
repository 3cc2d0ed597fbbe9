using System.Text;
using System.Text.Json;
using CountRegression.Modeling;

namespace CountRegression.Reporting;

/// <summary>The summary figures as JSON, with exactly the keys of the issue.</summary>
public static class GlmJson
{
    /// <summary>
    /// <c>{"terms":[{"name","estimate","stdError","z","p"}],"deviance","nullDeviance","dfResidual","dfNull","logLik","aic","iterations"}</c>,
    /// numbers written round-trip (shortest text that reads back the same double).
    /// </summary>
    public static string Serialize(GlmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("terms");
            foreach (var term in summary.Terms)
            {
                json.WriteStartObject();
                json.WriteString("name", term.Name);
                json.WriteNumber("estimate", term.Estimate);
                json.WriteNumber("stdError", term.StdError);
                json.WriteNumber("z", term.Z);
                json.WriteNumber("p", term.P);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("deviance", summary.Deviance);
            json.WriteNumber("nullDeviance", summary.NullDeviance);
            json.WriteNumber("dfResidual", summary.DfResidual);
            json.WriteNumber("dfNull", summary.DfNull);
            json.WriteNumber("logLik", summary.LogLik);
            json.WriteNumber("aic", summary.Aic);
            json.WriteNumber("iterations", summary.Iterations);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <see cref="Serialize"/> to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, GlmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, Serialize(summary) + "\n");
    }
}
