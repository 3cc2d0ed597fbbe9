using System.Globalization;

namespace CountRegression.Data;

/// <summary>
/// The model matrix of a Poisson GLM read from a CSV: an intercept column, then the numeric features in the order given,
/// then each factor's treatment-contrast indicators (R's <c>model.matrix</c> for <c>y ~ features + factors</c>), with the
/// counts y and the offset (the offset column plus the exposure's logarithm; zeros when neither is given).
/// </summary>
/// <param name="X">Row-major n × p model matrix.</param>
/// <param name="Terms">The p term names as R prints them: <c>(Intercept)</c>, <c>math</c>, <c>progAcademic</c>.</param>
/// <param name="Y">The n counts.</param>
/// <param name="Offset">The n offsets added to η = Xβ.</param>
public sealed record GlmDesign(double[] X, IReadOnlyList<string> Terms, double[] Y, double[] Offset)
{
    /// <summary>Number of rows n.</summary>
    public int Rows => Y.Length;

    /// <summary>Number of terms p.</summary>
    public int Columns => Terms.Count;

    /// <summary>
    /// Builds the design of <paramref name="spec"/> from <paramref name="csv"/>. A column name not in the header throws
    /// <see cref="MissingColumnException"/>; a non-numeric or non-finite feature value, a non-finite offset, an exposure ≤ 0,
    /// a target that is not a count, a factor with one level, a constant feature or a collinear design throws <see cref="InvalidDataException"/>
    /// naming the file, the line (the header is line 1) and the column(s).
    /// </summary>
    public static GlmDesign Build(CsvTable csv, GlmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(spec);
        var factors = spec.Factors ?? [];
        var named = new[] { spec.Target, spec.Offset, spec.Exposure }.Concat(factors).Concat(spec.Features ?? []).OfType<string>();
        foreach (var name in named)
            if (!csv.HasColumn(name))
                throw new MissingColumnException($"{csv.Path} has no column '{name}' (columns: {string.Join(", ", csv.ColumnNames)}).");
        var used = new HashSet<string>(new[] { spec.Target, spec.Offset, spec.Exposure }.Concat(factors).OfType<string>(), StringComparer.Ordinal);
        var features = spec.Features ?? csv.ColumnNames.Where(c => !used.Contains(c)).ToArray();

        int n = csv.RowCount;
        var columns = new List<double[]> { Enumerable.Repeat(1.0, n).ToArray() };
        var terms = new List<string> { "(Intercept)" };
        foreach (var name in features)
        {
            columns.Add(FiniteNumbers(csv, name, "feature"));
            terms.Add(name);
        }
        foreach (var name in factors)
        {
            var values = csv.Text(name);
            for (int r = 0; r < n; r++)
                if (values[r].Length == 0 || values[r] == "NA")
                    throw csv.Error(r, name, $"the factor's value is missing ('{values[r]}'); R would drop the row, this program fits complete rows only");
            var levels = SortedLevels(values);
            if (levels.Count < 2)
                throw new InvalidDataException($"{csv.Path}, column '{name}': the factor has the single level '{levels[0]}' in every row, so it has no contrasts (R: \"contrasts can be applied only to factors with 2 or more levels\"); drop it.");
            IReadOnlyDictionary<string, string>? labels = null;
            spec.LevelLabels?.TryGetValue(name, out labels);
            foreach (var level in levels.Skip(1))
            {
                columns.Add(values.Select(v => v == level ? 1.0 : 0.0).ToArray());
                terms.Add(name + (labels is not null && labels.TryGetValue(level, out var label) ? label : level));
            }
        }

        var offset = new double[n];
        if (spec.Offset is { } off) offset = FiniteNumbers(csv, off, "offset");
        if (spec.Exposure is { } exposure)
        {
            var t = csv.Numbers(exposure);
            for (int r = 0; r < n; r++)
            {
                if (!(t[r] > 0) || !double.IsFinite(t[r]))
                    throw csv.Error(r, exposure, $"exposure {t[r].ToString("R", CultureInfo.InvariantCulture)} is not a finite number > 0, so its log cannot be an offset");
                offset[r] += Math.Log(t[r]);
            }
        }
        var y = csv.Counts(spec.Target);
        DesignRank.Check(csv.Path, columns, terms);

        var x = new double[n * columns.Count];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < columns.Count; c++)
                x[r * columns.Count + c] = columns[c][r];
        return new GlmDesign(x, terms, y, offset);
    }

    /// <summary>
    /// The distinct values in R's <c>factor()</c> order: numeric order when every value parses as a number, otherwise
    /// ordinal string order (R sorts text in the locale's collation; for plain ASCII names in one case the two agree).
    /// </summary>
    public static IReadOnlyList<string> SortedLevels(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        var parsed = distinct.Select(v => (Text: v, Ok: double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d), Value: d)).ToList();
        return parsed.All(p => p.Ok)
            ? parsed.OrderBy(p => p.Value).Select(p => p.Text).ToArray()
            : distinct.Order(StringComparer.Ordinal).ToArray();
    }

    private static double[] FiniteNumbers(CsvTable csv, string name, string role)
    {
        var values = csv.Numbers(name);
        for (int r = 0; r < values.Length; r++)
            if (!double.IsFinite(values[r]))
                throw csv.Error(r, name, $"the {role} value {values[r].ToString(CultureInfo.InvariantCulture)} is not finite");
        return values;
    }
}
