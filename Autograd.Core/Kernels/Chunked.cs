namespace Autograd.Kernels;

/// <summary>
/// Splits large elementwise work into fixed chunks run on all cores. Chunk boundaries depend only on the length, and each
/// element is computed independently, so results are identical whatever the number of threads.
/// </summary>
/// <remarks>
/// The work receives its data as <c>state</c>, so a static lambda serves and nothing is allocated for small inputs.
/// </remarks>
internal static class Chunked
{
    public const int Grain = 1 << 15;  // 32K doubles (256 KiB) per task: large enough to amortize scheduling

    /// <summary>True when <paramref name="length"/> elements are worth spreading over several cores.</summary>
    public static bool Worth(int length) => length >= 4 * Grain && Environment.ProcessorCount > 1;

    /// <summary>How many chunks [0, length) splits into; chunk c starts at c·Grain.</summary>
    public static int Count(int length) => (length + Grain - 1) / Grain;

    /// <summary>
    /// Runs <paramref name="body"/>(state, start, count) over [0, length): in one piece when the work is small, else over
    /// the chunks on all cores. Only for elementwise work, whose results cannot depend on where the pieces start.
    /// </summary>
    public static void Run<TState>(int length, TState state, Action<TState, int, int> body)
    {
        if (Worth(length)) Parallel.For(0, Count(length), c => body(state, c * Grain, Size(c, length)));
        else body(state, 0, length);
    }

    /// <summary>
    /// Σ over the chunks of [0, length) of <paramref name="partial"/>(state, start, count), the partial sums added in chunk
    /// order: the same number whether the chunks ran on one core or several.
    /// </summary>
    public static double Sum<TState>(int length, TState state, Func<TState, int, int, double> partial)
    {
        int chunks = Count(length);
        if (chunks <= 1) return partial(state, 0, length);
        var partials = new double[chunks];
        if (Worth(length)) Parallel.For(0, chunks, c => partials[c] = partial(state, c * Grain, Size(c, length)));
        else for (int c = 0; c < chunks; c++) partials[c] = partial(state, c * Grain, Size(c, length));
        double total = 0;
        foreach (double p in partials) total += p;
        return total;
    }

    private static int Size(int chunk, int length) => Math.Min(Grain, length - chunk * Grain);
}
