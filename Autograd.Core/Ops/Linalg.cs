using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Matrix product C = A·B of [m, k] and [k, n]. ∂/∂A = G·Bᵀ, ∂/∂B = Aᵀ·G.</summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rank != 2 || other.Rank != 2 || _shape[1] != other._shape[0])
            throw new ArgumentException($"MatMul needs shapes [m, k] and [k, n], got {Shapes.Format(_shape)} and {Shapes.Format(other._shape)}.", nameof(other));
        return MatMul(this, other, false, false);
    }

    /// <summary>
    /// op(A)·op(B) (+ bias, a row of n added to every row), where op transposes its operand when asked, without
    /// materializing the transpose (the GEMM packs it). <c>MatMul(x, w, false, true, b)</c> is x·wᵀ + b, the linear layer,
    /// in one pass. Shapes must already agree. ∂/∂A and ∂/∂B are products of the same kind: with Â = op(A), B̂ = op(B),
    /// ∂/∂Â = G·B̂ᵀ and ∂/∂B̂ = Âᵀ·G; ∂/∂bias = G (the engine sums it over the rows).
    /// </summary>
    internal static Tensor MatMul(Tensor a, Tensor b, bool transposeA, bool transposeB, Tensor? bias = null)
    {
        int m = a._shape[transposeA ? 1 : 0], k = a._shape[transposeA ? 0 : 1], n = b._shape[transposeB ? 0 : 1];
        var c = Uninitialized(Shapes.Count([m, n]));
        GemmKernel.Multiply(a.Data, b.Data, c, m, k, n, transposeA, transposeB, bias?.Data);
        return Recorded(new Tensor(c, [m, n]), "MatMul", bias is null ? [a, b] : [a, b, bias], Saves.Inputs, (op, g) =>
        [
            op.NeedsGrad(0) ? (transposeA ? MatMul(op.B, g, transposeB, true) : MatMul(g, op.B, false, !transposeB)) : null,
            op.NeedsGrad(1) ? (transposeB ? MatMul(g, op.A, true, transposeA) : MatMul(op.A, g, !transposeA, false)) : null,
            g,  // the bias's, when there is one
        ]);
    }

    /// <summary>
    /// The main diagonal of a 2-D [m, n] tensor (torch.diagonal with offset 0): dᵢ = xᵢᵢ for i &lt; min(m, n), e.g. the
    /// variances on the diagonal of a covariance matrix. Composed as the flattened tensor's elements i·(n + 1), so
    /// ∂/∂x puts gᵢ at (i, i) and zeros elsewhere.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not 2-D (its shape is named).</exception>
    public Tensor Diagonal()
    {
        if (Rank != 2)
            throw new ArgumentException($"Diagonal() needs a 2-D tensor, got rank {Rank} (shape {Shapes.Format(_shape)}).");
        int k = Math.Min(_shape[0], _shape[1]), stride = _shape[1] + 1;
        var indices = new int[k];
        for (int i = 0; i < k; i++) indices[i] = i * stride;
        return Reshape(-1).IndexSelect(0, indices);
    }

    /// <summary>The transpose of a 2-D tensor: Tᵢⱼ = xⱼᵢ. ∂/∂x = gᵀ.</summary>
    /// <exception cref="ArgumentException">The tensor is not 2-D (its shape is named).</exception>
    public Tensor Transpose()
    {
        if (Rank != 2)
            throw new ArgumentException($"Transpose() needs a 2-D tensor, got rank {Rank} (shape {Shapes.Format(_shape)}).");
        int rows = _shape[0], cols = _shape[1];
        var d = Uninitialized(Count);
        PermuteKernel.Transpose(Data, rows, cols, d);
        return Recorded(new Tensor(d, [cols, rows]), "Transpose", this, Saves.Nothing, static (_, g) => [g.Transpose()]);
    }

    /// <summary>Shorthand for <see cref="Transpose()"/>.</summary>
    public Tensor T => Transpose();

    /// <summary>
    /// The same elements in a new shape with the same count; one dimension may be −1 and is then inferred.
    /// Shares the data. ∂/∂x = g reshaped back.
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var s = (int[])shape.Clone();
        int infer = Array.IndexOf(s, -1);
        if (infer >= 0 && Array.LastIndexOf(s, -1) == infer)
        {
            s[infer] = 1;
            int rest = Shapes.Count(Shapes.Validate(s));
            // With a zero among the other sizes every value of −1 gives the same count: PyTorch refuses it as ambiguous.
            // (With elements, no value fits, and the count check below says so.)
            if (rest == 0 && Count == 0)
                throw new ArgumentException($"Cannot reshape {Shapes.Format(_shape)} (0 elements) to {Shapes.Format(shape)}: with a 0 among the other sizes, the size of -1 is ambiguous.", nameof(shape));
            s[infer] = rest == 0 ? 0 : Count / rest;
        }
        Shapes.Validate(s);
        if (Shapes.Count(s) != Count)
            throw new ArgumentException($"Cannot reshape {Shapes.Format(_shape)} ({Count} elements) to {Shapes.Format(shape)}.", nameof(shape));
        return Recorded(new Tensor(Data, s, viewOf: this), "Reshape", this, Saves.Nothing, static (op, g) => [g.Reshape(op.Inputs[0].Shape)]);
    }
}
