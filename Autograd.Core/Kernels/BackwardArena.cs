namespace Autograd.Kernels;

/// <summary>
/// The buffers one backward pass allocates, given back whole when the pass ends, for the next ops on the same thread.
/// </summary>
/// <remarks>
/// Why it is safe: a pass that runs only built-in rules and builds no graph hands nothing it allocated to anyone. Leaf
/// and retained gradients are copied into buffers of their own (<see cref="Tensor.AccumulateGrad"/>), and every other
/// tensor the rules made is dropped when the pass ends. So the engine opens an arena only for such a pass
/// (<see cref="Engine"/>); a pass that builds a graph, returns gradients (<see cref="Autodiff.Grad"/>) or runs a custom
/// <see cref="Function"/> (user code may keep what it is given) allocates normally. A lazy result the pass made, computed
/// while the pass is open, is one of the pass's results like any other and gets an arena buffer (<see cref="RentFor"/>);
/// a lazy tensor made before the pass, and a leaf's gradient, get a buffer of their own (<see cref="Take"/>: a new one, or
/// one an earlier pass gave back), so a tensor made before the pass never receives a buffer the pass will give back.
/// Why it pays: a fresh large array costs more than the pass that fills it (the runtime's page faults, a cold cache),
/// and a training step makes the same buffers every time. Measured on the MLP benchmark: see the benchmark README.
/// The lists are per thread, so they need no lock, and they hold at most <see cref="MaxBytes"/>.
/// </remarks>
internal sealed class BackwardArena
{
    /// <summary>Shorter buffers are cheap to allocate fresh.</summary>
    public const int MinLength = 256;

    /// <summary>The most a thread keeps for reuse.</summary>
    public const long MaxBytes = 64L << 20;

    [ThreadStatic] private static BackwardArena? t_open;
    [ThreadStatic] private static Dictionary<int, Stack<double[]>>? t_free;
    [ThreadStatic] private static long t_freeBytes;

    private readonly List<double[]> _buffers = [];
    private readonly BackwardArena? _outer;

    private BackwardArena(BackwardArena? outer) => _outer = outer;

    /// <summary>
    /// Starts a backward pass on this thread: with <paramref name="collect"/>, the buffers it rents are noted for
    /// <see cref="Close"/>; without, nothing is (a nested pass never adds to an outer pass's arena).
    /// </summary>
    public static BackwardArena Open(bool collect)
    {
        var arena = new BackwardArena(t_open) { Collecting = collect };
        t_open = arena;
        return arena;
    }

    private bool Collecting { get; init; }

    /// <summary>The pass open on this thread if it collects its buffers, else null: what a lazy expression notes when it is made.</summary>
    public static BackwardArena? OpenCollecting => t_open is { Collecting: true } open ? open : null;

    /// <summary>
    /// A buffer for a lazy result made in pass <paramref name="madeIn"/>: rented from it while it is the pass open on this
    /// thread (the result is then dropped with the pass's other tensors when it ends), else one for the caller to keep.
    /// </summary>
    public static double[] RentFor(BackwardArena? madeIn, int length) =>
        madeIn is not null && ReferenceEquals(madeIn, t_open) ? Rent(length) : Take(length);

    /// <summary>
    /// A buffer of exactly <paramref name="length"/> elements with unspecified contents, reused when one is free, and
    /// given back when the pass open on this thread ends if that pass collects its buffers.
    /// </summary>
    public static double[] Rent(int length)
    {
        var buffer = Take(length);
        if (length >= MinLength && t_open is { Collecting: true } open) open._buffers.Add(buffer);
        return buffer;
    }

    /// <summary>
    /// A buffer of exactly <paramref name="length"/> elements with unspecified contents for the caller to keep: one that an
    /// earlier pass on this thread gave back, when one is free (nobody holds those), else a new one. Never given back.
    /// </summary>
    public static double[] Take(int length)
    {
        if (length >= MinLength && t_free is { } free && free.TryGetValue(length, out var stack) && stack.TryPop(out var reused))
        {
            t_freeBytes -= Bytes(reused);
            return reused;
        }
        return GC.AllocateUninitializedArray<double>(length);
    }

    /// <summary>Ends the pass: when it <paramref name="succeeded"/>, its buffers are free for later ops on this thread.</summary>
    public void Close(bool succeeded)
    {
        t_open = _outer;
        if (!succeeded)   // a failed pass may have left tensors half-built: give nothing back
        {
            _buffers.Clear();
            return;
        }
        var free = t_free ??= [];
        foreach (var buffer in _buffers)
        {
            if (t_freeBytes + Bytes(buffer) > MaxBytes) break;
            if (!free.TryGetValue(buffer.Length, out var stack)) free[buffer.Length] = stack = new Stack<double[]>();
            stack.Push(buffer);
            t_freeBytes += Bytes(buffer);
        }
        _buffers.Clear();   // the arena may outlive the pass (a lazy expression notes it): keep nothing alive through it
    }

    private static long Bytes(double[] buffer) => (long)buffer.Length * sizeof(double);
}
