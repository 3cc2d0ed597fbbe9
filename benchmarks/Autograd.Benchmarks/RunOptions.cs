namespace Autograd.Benchmarks;

/// <summary>Command-line options of the benchmark program.</summary>
internal sealed record RunOptions(bool Quick, IReadOnlyList<string> Filters, bool AutogradOnly)
{
    /// <summary>Parses --quick, --filter TEXT (repeatable) and --autograd-only; null on anything else.</summary>
    public static RunOptions? Parse(string[] args)
    {
        bool quick = false, autogradOnly = false;
        var filters = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--autograd-only": autogradOnly = true; break;
                case "--filter" when i + 1 < args.Length: filters.Add(args[++i]); break;
                default: return null;
            }
        }
        return new RunOptions(quick, filters, autogradOnly);
    }
}
