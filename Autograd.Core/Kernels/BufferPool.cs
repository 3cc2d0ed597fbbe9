namespace Autograd.Kernels;

/// <summary>
/// Per-thread free lists of large element buffers, keyed by exact length. Ops take their output buffers from here;
/// the backward engine gives back the gradient buffers that it allocated itself and that no tensor can reach any more.
/// </summary>
/// <remarks>
/// Why: a fresh large array costs far more than the pass that fills it. The runtime gives a freed large-object region
/// back to the OS, and touching a new one page-faults (about 1 ms per 8 MB here, several times the cost of the kernel
/// that writes it). Reusing a buffer that was just freed also finds it still in cache.
/// Only the engine returns buffers, and only ones it can prove dead (see <see cref="Engine"/>): a buffer that reached
/// user code (a leaf's Grad, a custom Function's backward, a retained gradient) is never returned.
/// The lists are per thread, like the no-grad switch, so they need no lock and no thread sees another's buffers.
/// They hold at most <see cref="MaxBytes"/> per thread; values computed never depend on which buffer an op received.
/// </remarks>
internal static class BufferPool
{
    /// <summary>Shorter buffers are cheap to allocate fresh; pooling them would cost more than it saves.</summary>
    public const int MinLength = 1024;

    /// <summary>The most a thread keeps for reuse.</summary>
    public const long MaxBytes = 64L << 20;

    [ThreadStatic] private static Dictionary<int, Stack<double[]>>? t_free;
    [ThreadStatic] private static long t_bytes;
    [ThreadStatic] private static List<double[]>? t_rented;   // while a backward rule runs: what it took, in order
    [ThreadStatic] private static int t_recording;

    /// <summary>A buffer of exactly <paramref name="length"/> elements with unspecified contents: the caller overwrites all of it.</summary>
    public static double[] Rent(int length)
    {
        if (length >= MinLength && t_free is { } free && free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
        {
            t_bytes -= Bytes(buffer);
            return Recorded(buffer);
        }
        return Recorded(GC.AllocateUninitializedArray<double>(length));
    }

    private static double[] Recorded(double[] buffer)
    {
        if (buffer.Length >= MinLength && t_recording > 0) t_rented!.Add(buffer);
        return buffer;
    }

    /// <summary>Starts noting the buffers rented on this thread; pass the mark to <see cref="ReturnRentedSince"/>.</summary>
    public static int Mark()
    {
        t_recording++;
        return (t_rented ??= []).Count;
    }

    /// <summary>
    /// Stops the noting begun by <paramref name="mark"/> and gives back every buffer rented since then except those in
    /// <paramref name="kept"/>: the temporaries of a computation whose only survivors are <paramref name="kept"/>.
    /// </summary>
    public static void ReturnRentedSince(int mark, ReadOnlySpan<Tensor?> kept)
    {
        var rented = t_rented!;
        for (int i = mark; i < rented.Count; i++)
            if (!Holds(kept, rented[i])) Return(rented[i]);
        rented.RemoveRange(mark, rented.Count - mark);
        t_recording--;
    }

    /// <summary>Stops the noting begun by <paramref name="mark"/> without giving anything back (the rule failed or cannot be trusted).</summary>
    public static void Forget(int mark)
    {
        t_rented!.RemoveRange(mark, t_rented.Count - mark);
        t_recording--;
    }

    /// <summary>Gives back a buffer that nothing references any more. The caller must guarantee that.</summary>
    public static void Return(double[] buffer)
    {
        if (buffer.Length < MinLength || t_bytes + Bytes(buffer) > MaxBytes) return;
        var free = t_free ??= [];
        if (!free.TryGetValue(buffer.Length, out var stack)) free[buffer.Length] = stack = new Stack<double[]>();
        if (stack.Contains(buffer)) return;  // already free: handing it out twice would make two tensors share it
        stack.Push(buffer);
        t_bytes += Bytes(buffer);
    }

    /// <summary>Whether one of <paramref name="tensors"/> stores its elements in <paramref name="buffer"/>.</summary>
    public static bool Holds(ReadOnlySpan<Tensor?> tensors, double[] buffer)
    {
        foreach (var t in tensors)
            if (ReferenceEquals(t?.Data, buffer)) return true;
        return false;
    }

    private static long Bytes(double[] buffer) => (long)buffer.Length * sizeof(double);
}
