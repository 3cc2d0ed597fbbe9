namespace CountRegression.Data;

/// <summary>Builds a row-major design matrix column by column: numeric columns and reference-coded one-hot blocks.</summary>
public sealed class DesignMatrixBuilder
{
    private readonly int _rows;
    private readonly List<double[]> _columns = [];
    private readonly List<string> _names = [];

    /// <summary>Starts an empty matrix with <paramref name="rows"/> rows.</summary>
    public DesignMatrixBuilder(int rows) => _rows = rows;

    /// <summary>Adds one numeric column.</summary>
    public DesignMatrixBuilder Numeric(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _rows) throw new ArgumentException($"Column '{name}' has {values.Length} values, expected {_rows}.", nameof(values));
        _columns.Add(values);
        _names.Add(name);
        return this;
    }

    /// <summary>
    /// Adds indicator columns 1[code = level] for every level but the first (the reference level, absorbed by the intercept,
    /// as R's treatment contrasts do). Codes outside <paramref name="levels"/> are an error.
    /// </summary>
    public DesignMatrixBuilder OneHot(string name, int[] codes, IReadOnlyList<int> levels, IReadOnlyList<string>? levelNames = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(levels);
        var unknown = codes.Where(c => !levels.Contains(c)).Distinct().ToArray();
        if (unknown.Length > 0) throw new InvalidDataException($"Column '{name}' holds codes {string.Join(", ", unknown)} outside {string.Join(", ", levels)}.");
        for (int l = 1; l < levels.Count; l++)
            Numeric($"{name}{levelNames?[l] ?? levels[l].ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                codes.Select(c => c == levels[l] ? 1.0 : 0.0).ToArray());
        return this;
    }

    /// <summary>The finished matrix with <paramref name="targets"/> as the counts.</summary>
    public CountData Build(double[] targets)
    {
        var x = new double[_rows * _columns.Count];
        for (int r = 0; r < _rows; r++)
            for (int c = 0; c < _columns.Count; c++)
                x[r * _columns.Count + c] = _columns[c][r];
        return new CountData(x, targets, _names.ToArray());
    }
}
