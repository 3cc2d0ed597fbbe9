namespace Autograd.Kernels;

/// <summary>
/// Splits large elementwise work into fixed chunks run on all cores. Chunk boundaries depend only on the length, and each
/// element is computed independently, so results are identical whatever the number of threads.
/// </summary>
internal static class Chunked
{
    public const int Grain = 1 << 15;  // 32K doubles (256 KiB) per task: large enough to amortize scheduling

    /// <summary>True when <paramref name="length"/> elements are worth spreading over several cores.</summary>
    public static bool Worth(int length) => length >= 4 * Grain && Environment.ProcessorCount > 1;

    /// <summary>How many chunks <see cref="For"/> splits <paramref name="length"/> elements into; chunk c starts at c·Grain.</summary>
    public static int Count(int length) => (length + Grain - 1) / Grain;

    /// <summary>
    /// Σ over the chunks of [0, length) of <paramref name="partial"/>(start, count), the partial sums added in chunk order:
    /// the same number whether the chunks ran on one core or several.
    /// </summary>
    public static double Sum(int length, Func<int, int, double> partial)
    {
        int chunks = Count(length);
        if (chunks <= 1) return partial(0, length);
        var partials = new double[chunks];
        if (Worth(length)) For(length, (start, count) => partials[start / Grain] = partial(start, count));
        else for (int c = 0; c < chunks; c++) partials[c] = partial(c * Grain, Math.Min(Grain, length - c * Grain));
        double total = 0;
        foreach (double p in partials) total += p;
        return total;
    }

    /// <summary>Runs <paramref name="body"/>(start, count) over consecutive chunks covering [0, length), in parallel.</summary>
    public static void For(int length, Action<int, int> body) =>
        Parallel.For(0, Count(length), c => body(c * Grain, Math.Min(Grain, length - c * Grain)));
}
