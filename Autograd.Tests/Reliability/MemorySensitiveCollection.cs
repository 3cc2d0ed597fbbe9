namespace Autograd.Tests.Reliability;

/// <summary>
/// Tests that measure process-wide managed memory or rely on forced collections. xunit runs this collection on its own,
/// after the parallel ones, so allocations of unrelated tests cannot blur the numbers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemorySensitiveCollection
{
    /// <summary>The collection's name, for <c>[Collection(...)]</c>.</summary>
    public const string Name = "Memory-sensitive (runs alone)";

    /// <summary>A full blocking collection, finalizers included, so that only reachable objects remain.</summary>
    public static void CollectEverything()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Managed bytes still reachable after <see cref="CollectEverything"/>.</summary>
    public static long ReachableBytes()
    {
        CollectEverything();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
