using CountRegression.Data;
using CountRegression.Modeling;

namespace CountRegression.Runs;

/// <summary>R's <c>summary(glm(target ~ features + factors, family = poisson, offset = ...))</c> for any CSV.</summary>
public static class CsvRun
{
    /// <summary>
    /// Reads <paramref name="csvPath"/>, builds the design of <paramref name="spec"/> (<see cref="GlmDesign.Build"/>: bad data
    /// throws <see cref="InvalidDataException"/>, an unknown column <see cref="MissingColumnException"/>) and fits it.
    /// </summary>
    public static GlmSummary Run(string csvPath, GlmSpec spec) => PoissonGlm.Fit(GlmDesign.Build(CsvTable.Read(csvPath), spec));
}
