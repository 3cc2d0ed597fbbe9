namespace Autograd;

/// <summary>
/// Recording switches of the current execution context (a thread, and the async flow that continues it):
/// whether ops are recorded for backward, and whether anomaly detection is on. Nothing here is process-wide.
/// Both switches live in one <see cref="AsyncLocal{T}"/> so that an op reads the context once.
/// </summary>
public static class GradMode
{
    [Flags]
    internal enum Switches { None = 0, Disabled = 1, Anomaly = 2 }

    private static readonly AsyncLocal<Switches> Current = new();

    /// <summary>True unless inside a <see cref="Tensor.NoGrad"/> scope on this thread or async flow.</summary>
    public static bool IsEnabled => (Current.Value & Switches.Disabled) == 0;

    /// <summary>True inside a <see cref="Tensor.DetectAnomaly"/> scope on this thread or async flow.</summary>
    public static bool IsAnomalyDetectionEnabled => (Current.Value & Switches.Anomaly) != 0;

    /// <summary>Both switches in one read.</summary>
    internal static Switches State => Current.Value;

    internal static Scope Set(bool enabled) => new(Switches.Disabled, !enabled);

    internal static Scope SetAnomaly(bool enabled) => new(Switches.Anomaly, enabled);

    /// <summary>Restores a switch to the value it had when the scope was opened (the other switch is left alone).</summary>
    public sealed class Scope : IDisposable
    {
        private readonly Switches _switch;
        private readonly bool _previous;
        private bool _disposed;

        internal Scope(Switches which, bool on)
        {
            _switch = which;
            _previous = (Current.Value & which) != 0;
            Put(which, on);
        }

        private static void Put(Switches which, bool on) => Current.Value = on ? Current.Value | which : Current.Value & ~which;

        /// <summary>Puts the switch back as it was before this scope.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Put(_switch, _previous);
        }
    }
}
