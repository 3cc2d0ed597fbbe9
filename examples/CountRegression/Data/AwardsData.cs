namespace CountRegression.Data;

/// <summary>
/// The UCLA awards teaching data (id, prog, math, num_awards). Design: progAcademic = 1[prog = 2],
/// progVocational = 1[prog = 3] (General is the reference level, as in R) and the raw math score; target num_awards.
/// </summary>
public static class AwardsData
{
    /// <summary>Names of the fitted terms, in the order R prints them.</summary>
    public static readonly IReadOnlyList<string> TermNames = ["(Intercept)", "progAcademic", "progVocational", "math"];

    /// <summary>Reads the CSV at <paramref name="path"/> into the design above.</summary>
    public static CountData Load(string path)
    {
        var csv = CsvTable.Read(path);
        return new DesignMatrixBuilder(csv.RowCount)
            .OneHot("prog", csv.Integers("prog"), [1, 2, 3], ["General", "Academic", "Vocational"])
            .Numeric("math", csv.Numbers("math"))
            .Build(csv.Counts("num_awards"));
    }
}
