namespace Autograd.Testing;

/// <summary>
/// How <see cref="GradProperty"/> draws shapes and compares gradients. The defaults: every input the same random shape
/// of rank 0–3 with dimensions 1–4, first order only, GradCheck's tolerances, 30 cases for <see cref="GradProperty.Assert"/>.
/// Example: <c>new GradOptions { SecondOrder = true, Broadcast = true, MaxRank = 2 }</c>.
/// </summary>
public sealed record GradOptions
{
    /// <summary>Also run <see cref="GradCheck.CheckSecondOrder"/> (gradgradcheck). Example: <c>new GradOptions { SecondOrder = true }</c>.</summary>
    public bool SecondOrder { get; init; }

    /// <summary>Fixed input shapes, one per input; when set, shapes are neither drawn nor shrunk. Example: <c>Shapes = [[2, 3], [3]]</c>.</summary>
    public int[][]? Shapes { get; init; }

    /// <summary>Draw the inputs' shapes as one broadcast-compatible family instead of one shared shape. Example: <c>Broadcast = true</c>.</summary>
    public bool Broadcast { get; init; }

    /// <summary>The smallest rank drawn, kept while shrinking (2 for a matrix op). Example: <c>MinRank = 2</c>.</summary>
    public int MinRank { get; init; }

    /// <summary>The largest rank drawn. Example: <c>MaxRank = 2</c>.</summary>
    public int MaxRank { get; init; } = 3;

    /// <summary>The largest dimension drawn (dimensions are drawn from 1). Example: <c>MaxDim = 3</c>.</summary>
    public int MaxDim { get; init; } = 4;

    /// <summary>Finite-difference step ε. Example: <c>Eps = 1e-5</c>.</summary>
    public double Eps { get; init; } = 1e-6;

    /// <summary>Absolute tolerance of each Jacobian entry. Example: <c>Atol = 1e-4</c>.</summary>
    public double Atol { get; init; } = 1e-5;

    /// <summary>Relative tolerance of each Jacobian entry. Example: <c>Rtol = 1e-2</c>.</summary>
    public double Rtol { get; init; } = 1e-3;

    /// <summary>How many cases <see cref="GradProperty.Assert"/> tries (a [Property] takes its own MaxTest). Example: <c>Cases = 100</c>.</summary>
    public int Cases { get; init; } = 30;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent option, for <paramref name="inputs"/> inputs.</summary>
    internal void Validate(int inputs)
    {
        if (inputs == 0) throw new ArgumentException("GradProperty needs at least one input domain.", nameof(inputs));
        if (MinRank < 0 || MaxRank < MinRank)
            throw new ArgumentOutOfRangeException(nameof(MaxRank), MaxRank, $"Need 0 <= MinRank <= MaxRank, got MinRank = {MinRank}, MaxRank = {MaxRank}.");
        if (MaxDim < 1) throw new ArgumentOutOfRangeException(nameof(MaxDim), MaxDim, "MaxDim must be at least 1.");
        if (Cases < 1) throw new ArgumentOutOfRangeException(nameof(Cases), Cases, "Cases must be at least 1.");
        if (Shapes is { } shapes)
        {
            if (shapes.Length != inputs)
                throw new ArgumentException($"GradOptions.Shapes gives {shapes.Length} shapes for {inputs} input domains.", nameof(Shapes));
            foreach (var s in shapes)
                if (s is null || s.Any(d => d < 0)) throw new ArgumentException($"GradOptions.Shapes has an invalid shape {(s is null ? "null" : Autograd.Shapes.Format(s))}.", nameof(Shapes));
        }
    }
}
