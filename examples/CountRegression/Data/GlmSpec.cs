namespace CountRegression.Data;

/// <summary>
/// Which columns of a CSV make up R's <c>glm(target ~ features + factors, family = poisson, offset = ...)</c>.
/// </summary>
/// <param name="Target">The count column y.</param>
/// <param name="Features">Numeric columns in the order given; null means every column not named as target, factor, offset or exposure, in file order.</param>
/// <param name="Factors">Categorical columns, each coded with treatment contrasts against its first sorted level.</param>
/// <param name="Offset">A column added to the linear predictor as it is, or null.</param>
/// <param name="Exposure">A column whose logarithm is added to the linear predictor (all values &gt; 0), or null.</param>
/// <param name="LevelLabels">Optional display names of factor levels, by column then level text (e.g. prog: 2 → Academic); a term is named column + label.</param>
public sealed record GlmSpec(string Target, IReadOnlyList<string>? Features = null, IReadOnlyList<string>? Factors = null,
    string? Offset = null, string? Exposure = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? LevelLabels = null);

/// <summary>
/// A column named on the command line is not in the file's header: a bad command line (exit 2), not bad data.
/// </summary>
public sealed class MissingColumnException(string message) : Exception(message);
