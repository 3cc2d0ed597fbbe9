namespace Autograd.Benchmarks;

/// <summary>
/// Category names. Every benchmark method carries its workload's category and one side category; the ratio table
/// pairs the two sides of each workload (and parameter value) and divides their medians.
/// </summary>
internal static class Sides
{
    public const string Autograd = "Autograd";
    public const string Torch = "TorchSharp";
}
