namespace Autograd;

/// <summary>
/// Recording switches of the current execution context (a thread, and the async flow that continues it):
/// whether ops are recorded for backward, and whether anomaly detection is on. Nothing here is process-wide.
/// Both switches live in one <see cref="AsyncLocal{T}"/> so that an op reads the context once.
/// </summary>
/// <remarks>
/// The open scopes of a flow form a stack, as PyTorch's context managers do: a scope must be disposed after every scope
/// of the same switch opened inside it. Disposing one earlier closes those inner scopes with it, leaves its switch as it
/// was before it was opened, and throws <see cref="InvalidOperationException"/>. Scopes of the other switch are
/// independent and may be disposed in any order.
/// </remarks>
public static class GradMode
{
    [Flags]
    internal enum Switches { None = 0, Disabled = 1, Anomaly = 2 }

    /// <summary>
    /// The innermost open scope of this flow; each frame links to the one below it and holds the switches in force.
    /// Frames are immutable, so a child flow that inherits the chain and changes it never changes its parent's chain.
    /// </summary>
    private static readonly AsyncLocal<Frame?> Current = new();

    /// <summary>True unless inside a <see cref="Tensor.NoGrad"/> scope on this thread or async flow.</summary>
    public static bool IsEnabled => (State & Switches.Disabled) == 0;

    /// <summary>True inside a <see cref="Tensor.DetectAnomaly"/> scope on this thread or async flow.</summary>
    public static bool IsAnomalyDetectionEnabled => (State & Switches.Anomaly) != 0;

    /// <summary>Both switches in one read.</summary>
    internal static Switches State => Current.Value?.State ?? Switches.None;

    internal static Scope Set(bool enabled) => new(Switches.Disabled, !enabled);

    internal static Scope SetAnomaly(bool enabled) => new(Switches.Anomaly, enabled);

    /// <summary>One open scope: the switch it sets, its value, the switches in force with it, and the scope below it.</summary>
    private sealed class Frame(Scope owner, Frame? below)
    {
        public Scope Owner { get; } = owner;
        public Frame? Below { get; } = below;
        public Switches State { get; } = owner.On
            ? (below?.State ?? Switches.None) | owner.Switch
            : (below?.State ?? Switches.None) & ~owner.Switch;
    }

    /// <summary>Sets one switch until disposed, then puts it back as it was before this scope (the other switch is left alone).</summary>
    public sealed class Scope : IDisposable
    {
        private bool _closed;

        internal Scope(Switches which, bool on)
        {
            Switch = which;
            On = on;
            Current.Value = new Frame(this, Current.Value);
        }

        internal Switches Switch { get; }

        internal bool On { get; }

        /// <summary>The name a user opened this scope by, for messages.</summary>
        private string Name => Switch == Switches.Anomaly
            ? (On ? "DetectAnomaly" : "anomaly-off")
            : (On ? "NoGrad" : "EnableGrad");

        /// <summary>
        /// Puts the switch back as it was before this scope. Disposing again, or in a flow where the scope is not open,
        /// changes nothing.
        /// </summary>
        /// <exception cref="InvalidOperationException">
        /// A scope of the same switch opened after this one is still open. It is closed with this one, and the switch is
        /// back to its value before this scope, before the exception is thrown.
        /// </exception>
        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            if (Current.Value is { } top && ReferenceEquals(top.Owner, this))
            {
                Current.Value = top.Below;   // the usual, strictly nested case
                return;
            }

            // Find this scope's frame, keeping the frames above it (innermost first).
            var above = new List<Frame>();
            var frame = Current.Value;
            while (frame is not null && !ReferenceEquals(frame.Owner, this))
            {
                above.Add(frame);
                frame = frame.Below;
            }
            if (frame is null) return;   // never open in this flow (e.g. opened inside an awaited method that has returned)

            // Rebuild the chain without this scope and without the scopes of its switch opened inside it.
            var chain = frame.Below;
            var closed = new List<Scope>();
            for (int i = above.Count - 1; i >= 0; i--)
            {
                var inner = above[i].Owner;
                if (inner.Switch == Switch) closed.Add(inner);
                else chain = new Frame(inner, chain);
            }
            Current.Value = chain;
            if (closed.Count == 0) return;

            foreach (var inner in closed) inner._closed = true;
            string state = Switch == Switches.Anomaly
                ? ((chain?.State ?? Switches.None) & Switches.Anomaly) != 0 ? "on" : "off"
                : ((chain?.State ?? Switches.None) & Switches.Disabled) != 0 ? "off" : "on";
            throw new InvalidOperationException(
                $"A {Name} scope was disposed while {closed.Count} scope{(closed.Count == 1 ? "" : "s")} opened inside it " +
                $"({string.Join(", ", closed.Select(s => s.Name))}) {(closed.Count == 1 ? "was" : "were")} still open. " +
                $"Scopes must be disposed in the reverse order of opening (use 'using'). The inner scopes were closed with it, " +
                $"and {(Switch == Switches.Anomaly ? "anomaly detection" : "recording")} is {state}, as before the {Name} scope.");
        }
    }
}
