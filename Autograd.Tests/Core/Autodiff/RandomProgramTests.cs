using System.Globalization;

namespace Autograd.Tests.Core.Autodiff;

/// <summary>
/// Random programs over broadcast operands (<see cref="RandomPrograms"/>): every leaf's gradient, reached four ways
/// (Backward, Backward with createGraph, Autodiff.Grad with and without createGraph), must match central finite
/// differences, and GradCheck must pass. The programs end with Sum(), Mean() or a weighted sum: a weighted sum alone
/// always hands the engine an expanded gradient, and that hid the broadcast defect of issue 12.
/// </summary>
public class RandomProgramTests
{
    private const double Eps = 1e-6, Atol = 1e-5, Rtol = 1e-3;

    /// <summary>Outputs beyond this magnitude make central differences meaningless at ε = 1e-6 (exp of exp ...): not checked.</summary>
    private const double Largest = 1e4;

    [Fact]
    public void LeafGradientsMatchFiniteDifferencesOnEveryPath()
    {
        var property = Prop.ForAll(RandomPrograms.Arbitrary, p => { CheckProgram(p); return true; });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1200).WithStartSize(100), property);
    }

    /// <summary>Throws with the program, the path, the leaf and both values when any gradient is off.</summary>
    internal static void CheckProgram(RandomProgram p)
    {
        var value = p.Run(p.Leaves(requiresGrad: false)).Item();
        if (!(Math.Abs(value) < Largest)) return;

        var numeric = Numeric(p);
        Compare(p, "Backward()", numeric, Backward(p, createGraph: false));
        Compare(p, "Backward(createGraph: true)", numeric, Backward(p, createGraph: true));
        Compare(p, "Autodiff.Grad", numeric, ViaGrad(p, createGraph: false));
        Compare(p, "Autodiff.Grad(createGraph: true)", numeric, ViaGrad(p, createGraph: true));
        var check = GradCheck.Check(x => p.Run(x), p.Leaves(), Eps, Atol, Rtol);
        if (!check.Passed) throw new Xunit.Sdk.XunitException($"GradCheck failed on {p}: {check}");
    }

    private static double[]?[] Backward(RandomProgram p, bool createGraph)
    {
        var leaves = p.Leaves();
        p.Run(leaves).Backward(retainGraph: false, createGraph: createGraph);
        return Array.ConvertAll(leaves, l => l.Grad?.ToArray());
    }

    private static double[]?[] ViaGrad(RandomProgram p, bool createGraph)
    {
        var leaves = p.Leaves();
        return Array.ConvertAll(Autograd.Autodiff.Grad(p.Run(leaves), leaves, createGraph: createGraph), g => g?.ToArray());
    }

    private static double[][] Numeric(RandomProgram p)
    {
        var result = new double[p.LeafShapes.Length][];
        for (int i = 0; i < result.Length; i++)
        {
            int count = Shapes.Count(p.LeafShapes[i]);
            result[i] = new double[count];
            for (int j = 0; j < count; j++)
            {
                double keep = p.Values[i][j];
                p.Values[i][j] = keep + Eps;
                double plus = p.Run(p.Leaves(false)).Item();
                p.Values[i][j] = keep - Eps;
                double minus = p.Run(p.Leaves(false)).Item();
                p.Values[i][j] = keep;
                result[i][j] = (plus - minus) / (2 * Eps);
            }
        }
        return result;
    }

    private static void Compare(RandomProgram p, string path, double[][] numeric, double[]?[] analytic)
    {
        for (int i = 0; i < numeric.Length; i++)
            for (int j = 0; j < numeric[i].Length; j++)
            {
                double a = analytic[i] is { } g ? g[j] : 0.0, n = numeric[i][j];
                if (!(Math.Abs(a - n) <= Atol + Rtol * Math.Abs(n)))
                    throw new Xunit.Sdk.XunitException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: d/dx{i}[{j}] analytic {a:R}, numeric {n:R} in {p}"));
            }
    }

    /// <summary>The two programs of issue 12, as the random generator would write them.</summary>
    [Fact]
    public void IssueTwelveProgramsPass()
    {
        // x [3] + b [] then Sum(): b's gradient is 3.
        CheckProgram(new RandomProgram([[3], []], [[1, 2, 3], [0.5]], [new Step(StepKind.Add, 0, 1, 0, 0, false)], Ending.Sum));
        // (m [2, 3] + bias [3]) ⊙ w [3] then Sum(): bias's gradient is [4, 6, 8].
        CheckProgram(new RandomProgram([[2, 3], [3], [3]], [[1, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3], [2, 3, 4]],
            [new Step(StepKind.Add, 0, 1, 0, 0, false), new Step(StepKind.Mul, 3, 2, 0, 0, false)], Ending.Sum));
    }
}
