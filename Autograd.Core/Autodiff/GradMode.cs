namespace Autograd;

/// <summary>
/// Recording switches of the current execution context (a thread, and the async flow that continues it):
/// whether ops are recorded for backward, and whether anomaly detection is on. Nothing here is process-wide.
/// </summary>
public static class GradMode
{
    private static readonly AsyncLocal<bool> Disabled = new();
    private static readonly AsyncLocal<bool> Anomaly = new();

    /// <summary>True unless inside a <see cref="Tensor.NoGrad"/> scope on this thread or async flow.</summary>
    public static bool IsEnabled => !Disabled.Value;

    /// <summary>True inside a <see cref="Tensor.DetectAnomaly"/> scope on this thread or async flow.</summary>
    public static bool IsAnomalyDetectionEnabled => Anomaly.Value;

    internal static Scope Set(bool enabled) => new(Disabled, !enabled);

    internal static Scope SetAnomaly(bool enabled) => new(Anomaly, enabled);

    /// <summary>Restores a switch to the value it had when the scope was opened.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly AsyncLocal<bool> _flag;
        private readonly bool _previous;
        private bool _disposed;

        internal Scope(AsyncLocal<bool> flag, bool value)
        {
            _flag = flag;
            _previous = flag.Value;
            flag.Value = value;
        }

        /// <summary>Puts the switch back as it was before this scope.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _flag.Value = _previous;
        }
    }
}
