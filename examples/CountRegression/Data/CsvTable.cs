using System.Globalization;

namespace CountRegression.Data;

/// <summary>A comma-separated file with a header row, read whole; columns are looked up by header name.</summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly string[][] _rows;
    private readonly string _path;

    private CsvTable(string path, Dictionary<string, int> columns, string[][] rows)
    {
        _path = path;
        _columns = columns;
        _rows = rows;
    }

    /// <summary>Number of data rows (the header excluded).</summary>
    public int RowCount => _rows.Length;

    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> when a row has the wrong number of fields.</summary>
    public static CsvTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path} is empty.");
        var header = lines[0].Split(',');
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++) columns[header[i].Trim().Trim('"')] = i;
        var rows = new string[lines.Length - 1][];
        for (int i = 1; i < lines.Length; i++)
        {
            rows[i - 1] = lines[i].Split(',');
            if (rows[i - 1].Length != header.Length)
                throw new InvalidDataException($"{path}, line {i + 1}: {rows[i - 1].Length} fields, the header has {header.Length}.");
        }
        return new CsvTable(path, columns, rows);
    }

    /// <summary>The column named <paramref name="name"/> parsed as numbers (invariant culture).</summary>
    public double[] Numbers(string name)
    {
        int c = Column(name);
        var values = new double[_rows.Length];
        for (int r = 0; r < _rows.Length; r++)
            if (!double.TryParse(_rows[r][c], NumberStyles.Float, CultureInfo.InvariantCulture, out values[r]))
                throw new InvalidDataException($"{_path}, line {r + 2}: column '{name}' holds '{_rows[r][c]}', not a number.");
        return values;
    }

    /// <summary>The column named <paramref name="name"/> as whole numbers.</summary>
    public int[] Integers(string name) => Numbers(name).Select((v, r) => v == Math.Round(v)
        ? (int)v
        : throw new InvalidDataException($"{_path}, line {r + 2}: column '{name}' holds {v}, not a whole number.")).ToArray();

    /// <summary>The column named <paramref name="name"/> as text.</summary>
    public string[] Text(string name)
    {
        int c = Column(name);
        return _rows.Select(row => row[c]).ToArray();
    }

    private int Column(string name) => _columns.TryGetValue(name, out int c)
        ? c
        : throw new InvalidDataException($"{_path} has no column '{name}' (columns: {string.Join(", ", _columns.Keys)}).");
}
