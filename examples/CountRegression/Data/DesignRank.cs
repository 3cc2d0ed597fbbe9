using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace CountRegression.Data;

/// <summary>
/// Checks that a model matrix has full column rank, naming the offending columns when it has not: a constant feature
/// (indistinguishable from the intercept) or a column that is a linear combination of earlier ones.
/// </summary>
public static class DesignRank
{
    /// <summary>Relative size below which a column's part orthogonal to the earlier columns counts as zero (R's glm.fit uses 1e-11 in its QR).</summary>
    public const double Tolerance = 1e-10;

    /// <summary>
    /// Walks the columns in order, keeping an orthonormal basis of those accepted (Gram–Schmidt, orthogonalised twice);
    /// throws <see cref="InvalidDataException"/> naming <paramref name="path"/> and the columns at the first column whose
    /// residual norm is at most <see cref="Tolerance"/> times its own norm. <paramref name="columns"/>[0] is the intercept.
    /// </summary>
    public static void Check(string path, IReadOnlyList<double[]> columns, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(names);
        var basis = new List<double[]>();
        for (int j = 0; j < columns.Count; j++)
        {
            var column = columns[j];
            double norm = Norm(column);
            if (j > 0 && column.All(v => v == column[0]))
                throw new InvalidDataException(
                    $"{path}, column '{names[j]}': the column is constant (every row is {column[0].ToString(CultureInfo.InvariantCulture)}), so its coefficient cannot be told apart from the intercept's; drop it.");
            var residual = (double[])column.Clone();
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in basis)
                {
                    double dot = Dot(q, residual);
                    for (int i = 0; i < residual.Length; i++) residual[i] -= dot * q[i];
                }
            double rest = Norm(residual);
            if (norm == 0 || rest <= Tolerance * norm)
                throw new InvalidDataException(
                    $"{path}: the design is collinear: column '{names[j]}' is a linear combination of {Combination(columns, names, j)}, so the coefficients are not identifiable; drop one of these columns.");
            for (int i = 0; i < residual.Length; i++) residual[i] /= rest;
            basis.Add(residual);
        }
    }

    /// <summary>"'a', 'b'" with the least-squares weights of column j on the earlier columns, those that take part.</summary>
    private static string Combination(IReadOnlyList<double[]> columns, IReadOnlyList<string> names, int j)
    {
        if (j == 0) return "no columns (it is zero)";
        var a = Matrix<double>.Build.Dense(columns[j].Length, j, (i, k) => columns[k][i]);
        var w = a.QR().Solve(Vector<double>.Build.DenseOfArray(columns[j]));
        double norm = Norm(columns[j]);
        var parts = Enumerable.Range(0, j)
            .Where(k => Math.Abs(w[k]) * Norm(columns[k]) > 1e-8 * norm)
            .Select(k => $"'{names[k]}' (× {w[k].ToString("G6", CultureInfo.InvariantCulture)})")
            .ToArray();
        return parts.Length > 0 ? string.Join(", ", parts) : "the earlier columns";
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
