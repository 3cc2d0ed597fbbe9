namespace Autograd.Tests.Examples;

/// <summary>
/// A copy of a shared-data CSV in its own temp folder, optionally with one cell replaced or cut down to its header;
/// the folder is deleted on dispose.
/// </summary>
internal sealed class CorruptCsv : IDisposable
{
    private readonly string _folder;

    private CorruptCsv(string fileName, IEnumerable<string> lines)
    {
        _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "countregression-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Path = System.IO.Path.Combine(_folder, fileName);
        File.WriteAllLines(Path, lines);
    }

    /// <summary>Full path of the corrupted copy.</summary>
    public string Path { get; }

    /// <summary>
    /// The shared file <paramref name="relative"/> with the field under header <paramref name="column"/> on 1-based
    /// <paramref name="line"/> (the header is line 1) set to <paramref name="value"/>.
    /// </summary>
    public static CorruptCsv WithCell(string relative, int line, string column, string value)
    {
        var lines = File.ReadAllLines(SharedData.Require(relative));
        int c = Array.IndexOf(lines[0].Split(','), column);
        Assert.True(c >= 0, $"no column {column} in {relative}");
        var fields = lines[line - 1].Split(',');
        fields[c] = value;
        lines[line - 1] = string.Join(',', fields);
        return new CorruptCsv(System.IO.Path.GetFileName(relative), lines);
    }

    /// <summary>The shared file <paramref name="relative"/> with its header line only.</summary>
    public static CorruptCsv HeaderOnly(string relative) =>
        new(System.IO.Path.GetFileName(relative), File.ReadLines(SharedData.Require(relative)).Take(1).ToArray());

    /// <summary>A file of zero bytes named like <paramref name="relative"/>.</summary>
    public static CorruptCsv Empty(string relative) => new(System.IO.Path.GetFileName(relative), []);

    /// <summary>A file named <paramref name="fileName"/> holding exactly <paramref name="lines"/>.</summary>
    public static CorruptCsv FromLines(string fileName, IEnumerable<string> lines) => new(fileName, lines);

    /// <summary>The field of <paramref name="column"/> on 1-based <paramref name="line"/> of the copy.</summary>
    public string Cell(int line, string column)
    {
        var lines = File.ReadAllLines(Path);
        return lines[line - 1].Split(',')[Array.IndexOf(lines[0].Split(','), column)];
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
