using TorchSharp;

namespace Autograd.Benchmarks;

/// <summary>Checks once, before any benchmark, that TorchSharp's native library loads.</summary>
internal static class TorchProbe
{
    /// <summary>Null when TorchSharp works; otherwise the reason it does not.</summary>
    public static string? Failure()
    {
        try
        {
            using var t = torch.ones(3, dtype: torch.float64);
            using var s = t.sum();
            return s.item<double>() == 3 ? null : "torch.ones(3).sum() did not return 3";
        }
        catch (Exception e)
        {
            return e.GetBaseException().Message;
        }
    }

    /// <summary>A short description of the libtorch build: threads and version.</summary>
    public static string Describe() => $"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__}, {torch.get_num_threads()} threads";
}
