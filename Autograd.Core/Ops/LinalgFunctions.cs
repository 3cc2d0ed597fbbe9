using MathNet.Numerics.LinearAlgebra;

namespace Autograd;

/// <summary>
/// Dense linear algebra on square 2-D tensors, as PyTorch's <c>torch.linalg</c> (no batching). The forward passes use
/// MathNet.Numerics' LU and Cholesky factorisations; every gradient rule is written in recorded tensor ops (MatMul,
/// Transpose, these functions themselves), so second-order derivatives work.
/// </summary>
public static class Linalg
{
    /// <summary>
    /// The lower-triangular Cholesky factor L of a symmetric positive-definite A, with A = L·Lᵀ. Like PyTorch, only the
    /// lower triangle of A is read (the upper one is taken as its mirror). With S = Lᵀ·Ḡ and Φ(S) its lower triangle with
    /// the diagonal halved, ∂/∂A = sym(L⁻ᵀ·Φ(S)·L⁻¹), where sym(M) = ½(M + Mᵀ): the symmetric gradient.
    /// </summary>
    /// <exception cref="ArgumentException">A is not a square 2-D tensor, or it is not positive definite (its shape is named).</exception>
    public static Tensor Cholesky(Tensor a)
    {
        int n = SquareSize(a, nameof(Cholesky), nameof(a));
        var x = a.Data;
        var sym = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                sym[i * n + j] = sym[j * n + i] = x[i * n + j];
        double[] l;
        try
        {
            l = n == 0 ? [] : RowMajor(n, n, sym).Cholesky().Factor.ToRowMajorArray();
        }
        catch (ArgumentException)
        {
            l = [double.NaN];
        }
        if (Array.Exists(l, v => !double.IsFinite(v)))
            throw new ArgumentException($"Cholesky: the matrix of shape {Shapes.Format(a.ShapeSpan)} is not positive definite.", nameof(a));
        return Tensor.Recorded(new Tensor(l, [n, n]), "Cholesky", a, Saves.Out, static (op, g) =>
        {
            var factor = op.Out;
            var phi = factor.T.MatMul(g) * LowerHalfDiagonalMask(factor.Shape[0]);
            var inverse = Inverse(factor);
            var m = inverse.T.MatMul(phi).MatMul(inverse);
            return [(m + m.T) * 0.5];
        });
    }

    /// <summary>
    /// X with A·X = B, for a square A and B of shape [n] or [n, k] (X has B's shape). With Ḡ the gradient of X,
    /// ∂/∂B = B̄ = Solve(Aᵀ, Ḡ) and ∂/∂A = −B̄·Xᵀ (an outer product when B is a vector).
    /// </summary>
    /// <exception cref="ArgumentException">A is not a square 2-D tensor; B is not 1-D or 2-D with n rows; or A is singular.</exception>
    public static Tensor Solve(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = SquareSize(a, nameof(Solve), nameof(a));
        if ((b.Rank != 1 && b.Rank != 2) || b.ShapeSpan[0] != n)
            throw new ArgumentException($"Solve: B must have shape [{n}] or [{n}, k] to match A of shape {Shapes.Format(a.ShapeSpan)}, got {Shapes.Format(b.ShapeSpan)}.", nameof(b));
        int k = b.Rank == 1 ? 1 : b.ShapeSpan[1];
        double[] result;
        if (n == 0) result = new double[0];
        else
        {
            var lu = Factor(a, n, nameof(Solve));
            var rhs = RowMajor(n, k, b.Data);
            result = lu.Solve(rhs).ToRowMajorArray();
        }
        return Tensor.Recorded(new Tensor(result, (int[])b.ShapeArray.Clone()), "Solve", a, b, Saves.A | Saves.Out, static (op, g) =>
        {
            var gb = Solve(op.A.T, g);
            Tensor? ga = null;
            if (op.NeedsGrad(0))
            {
                int rows = op.A.Shape[0];
                ga = -gb.Reshape(rows, -1).MatMul(op.Out.Reshape(rows, -1).T);
            }
            return [ga, op.NeedsGrad(1) ? gb : null];
        });
    }

    /// <summary>The inverse A⁻¹ of a square A. With Y = A⁻¹, ∂/∂A = −Yᵀ·Ḡ·Yᵀ.</summary>
    /// <exception cref="ArgumentException">A is not a square 2-D tensor, or it is singular (its shape is named).</exception>
    public static Tensor Inverse(Tensor a)
    {
        int n = SquareSize(a, nameof(Inverse), nameof(a));
        var result = n == 0 ? new double[0] : Factor(a, n, nameof(Inverse)).Inverse().ToRowMajorArray();
        return Tensor.Recorded(new Tensor(result, [n, n]), "Inverse", a, Saves.Out, static (op, g) =>
        {
            var yt = op.Out.T;
            return [-yt.MatMul(g).MatMul(yt)];
        });
    }

    /// <summary>
    /// log det A of a square A, as PyTorch's <c>logdet</c>: NaN when det A &lt; 0, −∞ when A is exactly singular (a zero
    /// LU pivot), 0 for a 0×0 matrix. A scalar. ∂/∂A = g·A⁻ᵀ (backward through a singular A throws, as Inverse does).
    /// </summary>
    /// <exception cref="ArgumentException">A is not a square 2-D tensor (its shape is named).</exception>
    public static Tensor LogDet(Tensor a)
    {
        int n = SquareSize(a, nameof(LogDet), nameof(a));
        double value = 0;
        if (n > 0)
        {
            var lu = RowMajor(n, n, a.Data).LU();
            var u = lu.U;
            int sign = PermutationSign(lu.P, n);
            for (int i = 0; i < n; i++)
            {
                double p = u[i, i];
                if (p < 0) sign = -sign;
                value += Math.Log(Math.Abs(p));  // −∞ for a zero pivot; NaN propagates
            }
            if (sign < 0 && double.IsFinite(value)) value = double.NaN;  // log of a negative determinant
        }
        return Tensor.Recorded(new Tensor([value], []), "LogDet", a, Saves.A, static (op, g) => [g * Inverse(op.A).T]);
    }

    /// <summary>A MathNet matrix holding row-major data (copied).</summary>
    private static Matrix<double> RowMajor(int rows, int cols, double[] data) => Matrix<double>.Build.DenseOfRowMajor(rows, cols, data);

    /// <summary>The spacing of doubles at 1, 2⁻⁵².</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>n for a square [n, n] tensor; otherwise an ArgumentException naming the shape.</summary>
    private static int SquareSize(Tensor a, string function, string paramName)
    {
        ArgumentNullException.ThrowIfNull(a, paramName);
        var s = a.ShapeSpan;
        if (s.Length != 2 || s[0] != s[1])
            throw new ArgumentException($"{function}: needs a square 2-D matrix [n, n], got shape {Shapes.Format(s)}.", paramName);
        return s[0];
    }

    /// <summary>
    /// The LU factorisation of A, refusing a singular A: a pivot |uᵢᵢ| ≤ n·ε·‖A‖∞ (zero to working precision).
    /// </summary>
    private static MathNet.Numerics.LinearAlgebra.Factorization.LU<double> Factor(Tensor a, int n, string function)
    {
        var m = RowMajor(n, n, a.Data);
        var lu = m.LU();
        double tolerance = n * MachineEpsilon * m.InfinityNorm();
        var u = lu.U;
        for (int i = 0; i < n; i++)
            if (!(Math.Abs(u[i, i]) > tolerance))
                throw new ArgumentException($"{function}: the matrix of shape {Shapes.Format(a.ShapeSpan)} is singular (LU pivot {i} is {u[i, i]:G3}, below n·ε·‖A‖∞ = {tolerance:G3}).", "a");
        return lu;
    }

    /// <summary>+1 or −1: the parity of a permutation, from its cycles.</summary>
    private static int PermutationSign(MathNet.Numerics.Permutation p, int n)
    {
        var seen = new bool[n];
        int sign = 1;
        for (int i = 0; i < n; i++)
        {
            if (seen[i]) continue;
            int length = 0;
            for (int j = i; !seen[j]; j = p[j]) { seen[j] = true; length++; }
            if (length % 2 == 0) sign = -sign;
        }
        return sign;
    }

    /// <summary>The constant n×n mask of Φ: 1 below the diagonal, ½ on it, 0 above.</summary>
    private static Tensor LowerHalfDiagonalMask(int n)
    {
        var d = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) d[i * n + j] = 1;
            d[i * n + i] = 0.5;
        }
        return new Tensor(d, [n, n]);
    }
}
