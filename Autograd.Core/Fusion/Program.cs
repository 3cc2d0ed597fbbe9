using Autograd.Kernels;

namespace Autograd.Fusion;

/// <summary>
/// A lazy expression compiled for one evaluation, numexpr's virtual machine in small: its distinct nodes in an order
/// where arguments come first, each computed for one block of output positions at a time into a small register (a
/// slice of a stack buffer, reused once its last reader has run), so no intermediate array exists. The whole output is
/// the blocks of <see cref="BlockSums.Block"/> elements in fixed chunks of <see cref="Chunked.Grain"/>: the same
/// boundaries for any thread count, and every element a function of its own inputs, so results never depend on threads.
/// </summary>
internal sealed class Program
{
    private enum Kind : byte { Computed, Full, Scalar, Broadcast }

    /// <summary>One node: its op, where its value lives, and what its arguments are (indices of earlier steps).</summary>
    private sealed class Step
    {
        public Op Op;
        public Kind Kind;
        public int[] Args = [];
        public double Parameter;
        public int Register = -1;
        public double[] Data = [];   // a load's source elements
        public int[] Strides = [];   // a broadcast load's stride per output dimension (0 where broadcast)
    }

    private const int Block = BlockSums.Block;
    private readonly Step[] _steps;
    private readonly int _registers;
    private readonly int[] _shape;
    private readonly int _count;

    private Program(Step[] steps, int registers, int[] shape)
    {
        _steps = steps;
        _registers = registers;
        _shape = shape;
        _count = Shapes.Count(shape);
    }

    /// <summary>
    /// Orders the distinct nodes of <paramref name="root"/> (of shape <paramref name="shape"/>) arguments first, with an
    /// explicit stack, and gives each computed node a register that it frees after its last reader.
    /// </summary>
    /// <exception cref="InvalidOperationException">A tensor the expression reads was written in place after it was read.</exception>
    public static Program Compile(Expression root, int[] shape)
    {
        var index = new Dictionary<Expression, int>(ReferenceEqualityComparer.Instance);
        var order = new List<Expression>();
        var stack = new Stack<(Expression Node, int NextArg)>();
        stack.Push((root, 0));
        while (stack.TryPop(out var top))
        {
            var (node, next) = top;
            if (index.ContainsKey(node)) continue;
            if (next < node.Args.Length)
            {
                stack.Push((node, next + 1));
                if (!index.ContainsKey(node.Args[next])) stack.Push((node.Args[next], 0));
                continue;
            }
            index[node] = order.Count;
            order.Add(node);
        }

        var steps = new Step[order.Count];
        var lastUse = new int[order.Count];
        for (int s = 0; s < order.Count; s++)
        {
            var node = order[s];
            var step = steps[s] = new Step { Op = node.Op, Parameter = node.Parameter, Args = Array.ConvertAll(node.Args, a => index[a]) };
            foreach (int a in step.Args) lastUse[a] = s;
            if (node.Source is { } source) Describe(step, node, source, shape);
        }
        lastUse[^1] = steps.Length;   // the root is read after the last step

        var free = new Stack<int>();
        int registers = 0;
        for (int s = 0; s < steps.Length; s++)
        {
            foreach (int a in steps[s].Args)
                if (lastUse[a] == s && steps[a].Register >= 0 && !free.Contains(steps[a].Register)) free.Push(steps[a].Register);
            // Reusing an argument's register for the result is safe: each kernel reads an element before writing it.
            if (steps[s].Kind is Kind.Computed or Kind.Broadcast || s == steps.Length - 1)
                steps[s].Register = free.TryPop(out int r) ? r : registers++;
        }
        return new Program(steps, registers, shape);
    }

    private static void Describe(Step step, Expression node, Tensor source, int[] shape)
    {
        if (source.Version != node.SourceVersion)
            throw new InvalidOperationException($"A tensor of shape {Shapes.Format(source.ShapeSpan)} that a lazily computed result reads was modified in place (by an optimizer step, ZeroGrad or LoadStateDict) after that result was computed and before it was read. Read the result before the update, or compute it again.");
        step.Data = source.Data;
        int count = Shapes.Count(shape);
        if (source.Count == count) step.Kind = Kind.Full;
        else if (source.Count == 1) step.Kind = Kind.Scalar;
        else
        {
            step.Kind = Kind.Broadcast;
            var own = Shapes.Strides(source.ShapeSpan);
            int pad = shape.Length - source.Rank;
            step.Strides = new int[shape.Length];
            for (int d = pad; d < shape.Length; d++)
                step.Strides[d] = source.ShapeSpan[d - pad] == 1 ? 0 : own[d - pad];
        }
    }

    /// <summary>
    /// How many passes (<see cref="Run"/> or <see cref="Sum"/>) this thread has started: a diagnostic, so tests can check
    /// that an expression is computed once per consumer that needs it and that a fused loss is one pass each way.
    /// </summary>
    [ThreadStatic] internal static int PassesOnThisThread;

    /// <summary>Writes every element of the expression into <paramref name="destination"/> (which it may also read, position by position).</summary>
    public void Run(double[] destination)
    {
        PassesOnThisThread++;
        Chunked.Run(_count, (Program: this, destination), static (s, start, count) =>
        {
            Span<double> registers = stackalloc double[s.Program._registers * Block];
            for (int i = start; i < start + count; i += Block)
            {
                int n = Math.Min(Block, start + count - i);
                s.Program.RunBlock(registers, i, n, s.destination.AsSpan(i, n));
            }
        });
    }

    /// <summary>Σ of every element of the expression, block sums added in the same order as <see cref="BlockSums.Sum"/>.</summary>
    public double Sum()
    {
        PassesOnThisThread++;
        return Chunked.Sum(_count, this, static (p, start, count) =>
        {
            Span<double> registers = stackalloc double[p._registers * Block];
            double total = 0;
            for (int i = start; i < start + count; i += Block)
            {
                int n = Math.Min(Block, start + count - i);
                p.RunBlock(registers, i, n, default);
                total += BlockSums.Of(p.Value(p._steps.Length - 1, registers, i, n));
            }
            return total;
        });
    }

    /// <summary>Computes the block [start, start + n) of every step; the root goes into <paramref name="output"/> unless it is empty.</summary>
    private void RunBlock(Span<double> registers, int start, int n, Span<double> output)
    {
        for (int s = 0; s < _steps.Length; s++)
        {
            var step = _steps[s];
            bool root = s == _steps.Length - 1 && !output.IsEmpty;
            if (step.Kind is Kind.Full or Kind.Scalar && !root) continue;   // read in place by the steps that use them
            var d = root ? output : registers.Slice(step.Register * Block, n);
            switch (step.Kind)
            {
                case Kind.Broadcast: Gather(step, start, d); continue;
                case Kind.Full: step.Data.AsSpan(start, n).CopyTo(d); continue;
                case Kind.Scalar: d.Fill(step.Data[0]); continue;
            }
            var a = step.Args;
            switch (step.Op)
            {
                case Op.Where:
                    ElementwiseKernels.Where(Value(a[0], registers, start, n), Stride(a[0]), Value(a[1], registers, start, n), Stride(a[1]),
                        Value(a[2], registers, start, n), Stride(a[2]), d);
                    break;
                case >= Op.Add:
                    ElementwiseKernels.Binary(step.Op, Value(a[0], registers, start, n), Stride(a[0]), Value(a[1], registers, start, n), Stride(a[1]), d);
                    break;
                case Op _ when Stride(a[0]) == 0:   // one value broadcast (a BroadcastTo of a scalar): compute it once, repeat it
                    ElementwiseKernels.Unary(step.Op, Value(a[0], registers, start, n), step.Parameter, d[..1], block: true);
                    d.Fill(d[0]);
                    break;
                default:
                    ElementwiseKernels.Unary(step.Op, Value(a[0], registers, start, n), step.Parameter, d, block: true);
                    break;
            }
        }
    }

    /// <summary>Step <paramref name="index"/>'s values for the block: its register, its source's slice, or its one value.</summary>
    private ReadOnlySpan<double> Value(int index, Span<double> registers, int start, int n)
    {
        var step = _steps[index];
        return step.Kind switch
        {
            Kind.Full => step.Data.AsSpan(start, n),
            Kind.Scalar => step.Data.AsSpan(0, 1),
            _ => registers.Slice(step.Register * Block, n),
        };
    }

    private int Stride(int step) => _steps[step].Kind == Kind.Scalar ? 0 : 1;

    /// <summary>A broadcast load's elements for output positions [start, start + d.Length): runs along the last dimension, copied or filled.</summary>
    private void Gather(Step step, int start, Span<double> d)
    {
        int rank = _shape.Length, last = rank - 1;
        var strides = step.Strides;
        Span<int> index = stackalloc int[rank];
        int offset = 0, rest = start;
        for (int k = last; k >= 0; k--)
        {
            index[k] = rest % _shape[k];
            rest /= _shape[k];
            offset += index[k] * strides[k];
        }
        int length = _shape[last], stride = strides[last];
        for (int done = 0; done < d.Length;)
        {
            int run = Math.Min(d.Length - done, length - index[last]);
            if (stride == 0) d.Slice(done, run).Fill(step.Data[offset]);
            else step.Data.AsSpan(offset, run).CopyTo(d.Slice(done, run));
            done += run;
            offset += run * stride;
            index[last] += run;
            if (index[last] < length) continue;
            offset -= length * stride;
            index[last] = 0;
            for (int k = last - 1; k >= 0; k--)
            {
                offset += strides[k];
                if (++index[k] < _shape[k]) break;
                offset -= _shape[k] * strides[k];
                index[k] = 0;
            }
        }
    }
}
