namespace Autograd;

/// <summary>
/// Derivatives as functions, like <c>torch.autograd.functional</c>: Jacobians, Hessians and their products with vectors
/// of a function <c>f</c> at a point <c>x</c>. Each works on a fresh copy of <c>x</c> that requires a gradient (the
/// caller's <c>x</c>, its <see cref="Tensor.Grad"/> and any parameter's Grad are left alone), records the graph even
/// inside <see cref="Tensor.NoGrad"/>, and returns plain tensors with no graph (PyTorch's default <c>create_graph=False</c>).
/// An output that does not depend on the input contributes zeros.
/// </summary>
public static partial class Autodiff
{
    /// <summary>
    /// The Jacobian J[i…, j…] = ∂f(x)[i…] / ∂x[j…], of shape <c>f(x).Shape ++ x.Shape</c>: row i is the vector–Jacobian
    /// product eᵢᵀJ with the one-hot vector eᵢ, one backward pass per output element.
    /// </summary>
    public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        using var recording = GradMode.Set(true);
        var input = FreshLeaf(x);
        var y = Call(f, input);
        return new Tensor(Rows([y], [y.Count], [input]), [.. y.ShapeArray, .. x.ShapeArray]);
    }

    /// <summary>
    /// The Hessian H[i…, j…] = ∂²f(x) / ∂x[i…] ∂x[j…] of a single-element f, of shape <c>x.Shape ++ x.Shape</c>, by double
    /// backward: g = ∇f(x) is computed with a graph, then row i of H is ∇(g[i]). Symmetric for twice continuously
    /// differentiable f. Throws <see cref="ArgumentException"/> if f(x) has more than one element.
    /// </summary>
    public static Tensor Hessian(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        using var recording = GradMode.Set(true);
        var input = FreshLeaf(x);
        var y = RequireScalar(Call(f, input), nameof(f));
        var g = Gradients(y, [input])[0];
        return new Tensor(Rows([g], [x.Count], [input]), [.. x.ShapeArray, .. x.ShapeArray]);
    }

    /// <summary>
    /// The [P, P] Hessian H[a, b] = ∂²L / ∂θ[a] ∂θ[b] of the single-element loss L = <paramref name="loss"/>() over θ, the
    /// <paramref name="parameters"/> (which must require a gradient) each flattened row-major and concatenated in order,
    /// P their total element count. By double backward: the gradients ∇θL are computed with a graph, then row a is
    /// ∇θ(∇θL[a]). A parameter the loss does not reach gives zero rows and columns. No parameter's Grad is touched.
    /// </summary>
    public static Tensor Hessian(Func<Tensor> loss, IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        var theta = parameters.ToArray();
        for (int i = 0; i < theta.Length; i++)
        {
            if (theta[i] is null) throw new ArgumentNullException(nameof(parameters), $"Parameter {i} is null.");
            if (!theta[i].RequiresGrad)
                throw new ArgumentException($"Parameter {i} (shape {Shapes.Format(theta[i].ShapeSpan)}) does not require a gradient.", nameof(parameters));
        }
        int p = theta.Sum(t => t.Count);
        return new Tensor(Derivatives(loss, theta).Hessian, [p, p]);
    }

    /// <summary>
    /// The loss L = <paramref name="loss"/>() (recorded even inside NoGrad), its gradient ∇θL flattened as in
    /// <see cref="Hessian(Func{Tensor}, IEnumerable{Tensor})"/>, and the row-major [P, P] Hessian, from one evaluation
    /// and P + 1 backward passes: what a Newton step needs. No parameter's Grad is touched.
    /// </summary>
    internal static (Tensor Loss, double[] Gradient, double[] Hessian) Derivatives(Func<Tensor> loss, Tensor[] theta)
    {
        using var recording = GradMode.Set(true);
        var value = loss() ?? throw new ArgumentException("The loss function returned null.", nameof(loss));
        var l = RequireScalar(value, nameof(loss));
        var grads = Gradients(l, theta);
        var counts = Array.ConvertAll(theta, t => t.Count);
        var gradient = new double[counts.Sum()];
        for (int j = 0, offset = 0; j < theta.Length; offset += counts[j], j++)
            if (grads[j] is { } g) g.Span.CopyTo(gradient.AsSpan(offset));
        return (l.PlainCopy(), gradient, Rows(grads, counts, theta));
    }

    /// <summary>
    /// The vector–Jacobian product vᵀJ, i.e. (vᵀJ)[j…] = Σᵢ v[i…] ∂f(x)[i…] / ∂x[j…], of shape <c>x.Shape</c>, in one backward
    /// pass; <paramref name="v"/> has the shape of f(x). Returns f(x) as well, like PyTorch's <c>vjp(func, inputs, v)</c>.
    /// </summary>
    public static (Tensor Output, Tensor Vjp) Vjp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        using var recording = GradMode.Set(true);
        var input = FreshLeaf(x);
        var y = Call(f, input);
        if (!Shapes.SameAs(v.ShapeSpan, y.ShapeSpan))
            throw new ArgumentException($"v has shape {Shapes.Format(v.ShapeSpan)} but f(x) has shape {Shapes.Format(y.ShapeSpan)}; they must be equal.", nameof(v));
        var vjp = y.RequiresGrad ? Grad(y, [input], v)[0] : null;
        return (y.PlainCopy(), vjp is null ? Tensor.Zeros(x.Shape) : vjp.PlainCopy());
    }

    /// <summary>
    /// The Jacobian–vector product Jv, i.e. (Jv)[i…] = Σⱼ ∂f(x)[i…] / ∂x[j…] v[j…], of shape <c>f(x).Shape</c>, without forming
    /// J, by the double-vjp trick: g(u) = Jᵀu is linear in a dummy u of f(x)'s shape, so ∇ᵤ(g(u)·v) = Jv; two backward
    /// passes. <paramref name="v"/> has the shape of x. Returns f(x) as well, like PyTorch's <c>jvp(func, inputs, v)</c>.
    /// </summary>
    public static (Tensor Output, Tensor Jvp) Jvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        RequireInputShape(v, x);
        using var recording = GradMode.Set(true);
        var input = FreshLeaf(x);
        var y = Call(f, input);
        Tensor? jvp = null;
        if (y.RequiresGrad)
        {
            var u = Tensor.Zeros(y.Shape, requiresGrad: true);
            var g = Grad(y, [input], u, createGraph: true)[0];
            if (g is not null && g.RequiresGrad) jvp = Grad(g, [u], v)[0];
        }
        return (y.PlainCopy(), jvp is null ? Tensor.Zeros(y.Shape) : jvp.PlainCopy());
    }

    /// <summary>
    /// The Hessian–vector product Hv = ∇ₓ(∇f(x) · v) of a single-element f, of shape <c>x.Shape</c>, without forming H:
    /// one backward pass with a graph for g = ∇f(x), then one through g with gradient v. <paramref name="v"/> has the shape
    /// of x. Returns f(x) as well, like PyTorch's <c>hvp(func, inputs, v)</c>. Throws <see cref="ArgumentException"/> if
    /// f(x) has more than one element.
    /// </summary>
    public static (Tensor Output, Tensor Hvp) Hvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        RequireInputShape(v, x);
        using var recording = GradMode.Set(true);
        var input = FreshLeaf(x);
        var y = RequireScalar(Call(f, input), nameof(f));
        var g = Gradients(y, [input])[0];
        var hvp = g is not null && g.RequiresGrad ? Grad(g, [input], v)[0] : null;
        return (y.PlainCopy(), hvp is null ? Tensor.Zeros(x.Shape) : hvp.PlainCopy());
    }

    /// <summary>A new leaf holding a copy of <paramref name="x"/>'s elements, requiring a gradient.</summary>
    private static Tensor FreshLeaf(Tensor x) => new(x.OwnCopy(), x.Shape, requiresGrad: true);

    private static Tensor Call(Func<Tensor, Tensor> f, Tensor input) =>
        f(input) ?? throw new ArgumentException("The function returned null.", nameof(f));

    private static Tensor RequireScalar(Tensor y, string name) => y.Count == 1 ? y
        : throw new ArgumentException($"The function must return a single-element tensor, got shape {Shapes.Format(y.ShapeSpan)}.", name);

    private static void RequireInputShape(Tensor v, Tensor x)
    {
        if (!Shapes.SameAs(v.ShapeSpan, x.ShapeSpan))
            throw new ArgumentException($"v has shape {Shapes.Format(v.ShapeSpan)} but x has shape {Shapes.Format(x.ShapeSpan)}; they must be equal.", nameof(v));
    }

    /// <summary>∇L for each input with a graph (so they can be differentiated again); null where L does not reach an input.</summary>
    private static Tensor?[] Gradients(Tensor l, Tensor[] inputs) =>
        l.RequiresGrad ? Grad(l, inputs, createGraph: true) : new Tensor?[inputs.Length];

    /// <summary>
    /// The Jacobian of the outputs (each flattened, concatenated) with respect to the inputs (likewise), row-major as a
    /// [Σ outputs' counts, Σ inputs' counts] buffer: one backward pass per output element with a one-hot gradient.
    /// Output i has <paramref name="counts"/>[i] elements; a null output, or one with no graph, gives that many zero rows,
    /// and an input an output does not reach gives zeros.
    /// </summary>
    private static double[] Rows(Tensor?[] outputs, int[] counts, Tensor[] inputs)
    {
        int columns = inputs.Sum(t => t.Count);
        var result = new double[counts.Sum() * columns];
        int row = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i];
            int count = counts[i];
            if (output is null || !output.RequiresGrad) { row += count; continue; }
            for (int k = 0; k < count; k++, row++)
            {
                var oneHot = new double[count];
                oneHot[k] = 1.0;
                var grads = Grad(output, inputs, new Tensor(oneHot, output.Shape), retainGraph: true);
                int column = row * columns;
                for (int j = 0; j < inputs.Length; j++)
                {
                    if (grads[j] is { } g) g.Span.CopyTo(result.AsSpan(column));
                    column += inputs[j].Count;
                }
            }
        }
        return result;
    }
}
