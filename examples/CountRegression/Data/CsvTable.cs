using System.Globalization;

namespace CountRegression.Data;

/// <summary>
/// A comma-separated file with a header row, read whole; columns are looked up by header name. Every problem is an
/// <see cref="InvalidDataException"/> naming the file, the 1-based line (the header is line 1) and, for a bad value, the column.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly string[][] _rows;
    private readonly int[] _lines;
    private readonly string _path;

    private CsvTable(string path, Dictionary<string, int> columns, string[][] rows, int[] lines)
    {
        _path = path;
        _columns = columns;
        _rows = rows;
        _lines = lines;
    }

    /// <summary>Number of data rows (the header excluded).</summary>
    public int RowCount => _rows.Length;

    /// <summary>The file the table was read from, as given.</summary>
    public string Path => _path;

    /// <summary>The header's column names, in file order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns.OrderBy(c => c.Value).Select(c => c.Key).ToArray();

    /// <summary>True when the header has a column named <paramref name="name"/>.</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The file's 1-based line number (the header is line 1) of 0-based data row <paramref name="row"/>.</summary>
    public int LineOf(int row) => _lines[row];

    /// <summary>An <see cref="InvalidDataException"/> naming the file, the line of data row <paramref name="row"/> and the column.</summary>
    public InvalidDataException Error(int row, string column, string problem) => Bad(row, column, problem);

    /// <summary>
    /// Reads <paramref name="path"/>, skipping blank lines (they still count in line numbers). Throws
    /// <see cref="InvalidDataException"/> for an empty file, a header without data rows, or a row with the wrong number of fields.
    /// </summary>
    public static CsvTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lines = File.ReadAllLines(path)
            .Select((text, index) => (Text: text, Line: index + 1))
            .Where(l => !string.IsNullOrWhiteSpace(l.Text))
            .ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}, line 1: the file is empty; expected a header row.");
        if (lines.Length == 1) throw new InvalidDataException($"{path}, line {lines[0].Line + 1}: no data rows after the header.");
        var header = lines[0].Text.Split(',');
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i].Trim().Trim('"');
            if (!columns.TryAdd(name, i))
                throw new InvalidDataException($"{path}, line {lines[0].Line}, column '{name}': the header names it twice (columns {columns[name] + 1} and {i + 1}), so a fit could not tell which is meant; rename one.");
        }
        var rows = new string[lines.Length - 1][];
        var numbers = new int[lines.Length - 1];
        for (int i = 1; i < lines.Length; i++)
        {
            rows[i - 1] = lines[i].Text.Split(',');
            numbers[i - 1] = lines[i].Line;
            if (rows[i - 1].Length != header.Length)
                throw new InvalidDataException($"{path}, line {lines[i].Line}: {rows[i - 1].Length} fields, the header has {header.Length}.");
        }
        return new CsvTable(path, columns, rows, numbers);
    }

    /// <summary>The column named <paramref name="name"/> parsed as numbers (invariant culture).</summary>
    public double[] Numbers(string name)
    {
        int c = Column(name);
        var values = new double[_rows.Length];
        for (int r = 0; r < _rows.Length; r++)
            if (!double.TryParse(_rows[r][c], NumberStyles.Float, CultureInfo.InvariantCulture, out values[r]))
                throw Bad(r, name, $"'{_rows[r][c]}' is not a number");
        return values;
    }

    /// <summary>The column named <paramref name="name"/> as whole numbers in the range of <see cref="int"/>.</summary>
    public int[] Integers(string name)
    {
        var numbers = Numbers(name);
        var values = new int[numbers.Length];
        for (int r = 0; r < numbers.Length; r++)
        {
            double v = numbers[r];
            if (!double.IsFinite(v) || v != Math.Round(v) || v < int.MinValue || v > int.MaxValue)
                throw Bad(r, name, $"'{_rows[r][Column(name)]}' is not a whole number");
            values[r] = (int)v;
        }
        return values;
    }

    /// <summary>
    /// The column named <paramref name="name"/> as counts: finite, whole and ≥ 0 (a Poisson target). Anything else throws
    /// <see cref="InvalidDataException"/> naming the file, line and column, before any model sees the value.
    /// </summary>
    public double[] Counts(string name)
    {
        var values = Numbers(name);
        int c = Column(name);
        for (int r = 0; r < values.Length; r++)
        {
            double v = values[r];
            string? problem = !double.IsFinite(v) ? "is not a finite number"
                : v < 0 ? "is a negative count"
                : v != Math.Floor(v) ? "is not a whole number"
                : null;
            if (problem is not null) throw Bad(r, name, $"'{_rows[r][c]}' {problem}; a count must be a whole number ≥ 0");
        }
        return values;
    }

    /// <summary>The column named <paramref name="name"/> as dates written in <paramref name="format"/> (invariant culture).</summary>
    public DateTime[] Dates(string name, string format)
    {
        int c = Column(name);
        var values = new DateTime[_rows.Length];
        for (int r = 0; r < _rows.Length; r++)
            if (!DateTime.TryParseExact(_rows[r][c], format, CultureInfo.InvariantCulture, DateTimeStyles.None, out values[r]))
                throw Bad(r, name, $"'{_rows[r][c]}' is not a date of the form {format}");
        return values;
    }

    /// <summary>The column named <paramref name="name"/> as text.</summary>
    public string[] Text(string name)
    {
        int c = Column(name);
        return _rows.Select(row => row[c].Trim().Trim('"')).ToArray();
    }

    private InvalidDataException Bad(int row, string column, string problem) =>
        new($"{_path}, line {_lines[row]}, column '{column}': {problem}.");

    private int Column(string name) => _columns.TryGetValue(name, out int c)
        ? c
        : throw new InvalidDataException($"{_path}, line 1: no column '{name}' (columns: {string.Join(", ", _columns.Keys)}).");
}
