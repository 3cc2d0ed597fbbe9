using Autograd;
using FsCheck;
using FsCheck.Fluent;

namespace CustomLayer;

/// <summary>What the gradient checks of <see cref="StableSoftplus"/> found.</summary>
/// <param name="FirstOrder">GradCheck of softplus(x) against central differences.</param>
/// <param name="SecondOrder">GradCheck of the gradient itself (σ(x)) against central differences of it.</param>
/// <param name="PropertyTests">How many random tensors the FsCheck property run tried.</param>
/// <param name="PropertyFailure">FsCheck's report of a counterexample, or null when every case passed.</param>
public sealed record GradientProofResult(GradCheckResult FirstOrder, GradCheckResult SecondOrder, int PropertyTests, string? PropertyFailure)
{
    /// <summary>True when both GradChecks and the property run passed.</summary>
    public bool Passed => FirstOrder.Passed && SecondOrder.Passed && PropertyFailure is null;
}

/// <summary>Proves <see cref="StableSoftplus"/> correct: GradCheck at fixed points, then an FsCheck property over random tensors.</summary>
public static class GradientProof
{
    /// <summary>
    /// Runs GradCheck (first and second order) at points spanning both signs and both tails, then <paramref name="maxTest"/>
    /// random tensors (shapes up to 3 × 4, values in [−40, 40]) each checked for: GradCheck passes, softplus(x) − softplus(−x) = x,
    /// and softplus(x) ≥ max(x, 0).
    /// </summary>
    public static GradientProofResult Run(int maxTest = 50)
    {
        var points = Tensor.FromArray([-40, -5, -1, -1e-3, 0, 1e-3, 1, 5, 40], requiresGrad: true);
        var first = GradCheck.Check(x => StableSoftplus.Apply(x[0]), [points]);
        var second = GradCheck.CheckSecondOrder(x => StableSoftplus.Apply(x[0]), [points]);

        var property = Prop.ForAll(RandomTensors().ToArbitrary(), x =>
            GradCheck.Check(t => StableSoftplus.Apply(t[0]), [x]).Passed && IdentitiesHold(x));
        var config = Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true);
        string? failure = null;
        try { Check.One(config, property); }
        catch (Exception e) when (e is not OutOfMemoryException) { failure = e.Message; }
        return new GradientProofResult(first, second, maxTest, failure);
    }

    private static bool IdentitiesHold(Tensor x)
    {
        using var _ = Tensor.NoGrad();
        var plus = StableSoftplus.Apply(x).ToArray();
        var minus = StableSoftplus.Apply(-x).ToArray();
        var v = x.ToArray();
        for (int i = 0; i < v.Length; i++)
            if (Math.Abs(plus[i] - minus[i] - v[i]) > 1e-12 * Math.Max(1, Math.Abs(v[i])) || plus[i] < Math.Max(v[i], 0)) return false;
        return true;
    }

    // Written here rather than taken from Autograd.Tests/Generators: an example program should not reference the test project,
    // and these few lines are all a reader needs to property-test a layer of their own.
    private static Gen<Tensor> RandomTensors() =>
        from rows in Gen.Choose(1, 3)
        from columns in Gen.Choose(1, 4)
        from values in Gen.Choose(-40_000, 40_000).Select(i => i / 1000.0).ArrayOf(rows * columns)
        select Tensor.FromArray(values, [rows, columns], requiresGrad: true);
}
