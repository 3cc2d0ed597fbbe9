using Autograd;

namespace CountRegression.Data;

/// <summary>
/// A count-regression data set: an n × p feature matrix (row-major) and n non-negative counts, with a name per column.
/// </summary>
public sealed class CountData
{
    /// <summary>Wraps row-major <paramref name="features"/> (rows × names.Length) and one count per row.</summary>
    public CountData(double[] features, double[] targets, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count == 0 || features.Length != targets.Length * featureNames.Count)
            throw new ArgumentException(
                $"Features hold {features.Length} values, expected rows ({targets.Length}) × columns ({featureNames.Count}).", nameof(features));
        Features = features;
        Targets = targets;
        FeatureNames = featureNames;
    }

    /// <summary>Row-major feature values, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public double[] Features { get; }

    /// <summary>The observed counts yᵢ.</summary>
    public double[] Targets { get; }

    /// <summary>One name per feature column.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Number of rows n.</summary>
    public int Rows => Targets.Length;

    /// <summary>Number of feature columns p.</summary>
    public int Columns => FeatureNames.Count;

    /// <summary>The features as an [n, p] tensor.</summary>
    public Tensor FeatureTensor() => Tensor.FromArray(Features, [Rows, Columns]);

    /// <summary>The counts as an [n, 1] tensor, matching a model's [n, 1] output.</summary>
    public Tensor TargetTensor() => Tensor.FromArray(Targets, [Rows, 1]);

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public CountData Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var x = new double[rows.Count * Columns];
        var y = new double[rows.Count];
        for (int k = 0; k < rows.Count; k++)
        {
            int r = rows[k];
            if ((uint)r >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row index outside 0..{Rows - 1}.");
            Array.Copy(Features, r * Columns, x, k * Columns, Columns);
            y[k] = Targets[r];
        }
        return new CountData(x, y, FeatureNames);
    }

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public CountData Take(int count) => Select(Enumerable.Range(0, Math.Min(count, Rows)).ToArray());
}
