namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Opens a scope in which every draw that was given no <see cref="Random"/> comes from one generator seeded with
    /// <paramref name="seed"/>: <c>using (Tensor.ManualSeed(0)) { ...build the model, train it... }</c>. The draws of
    /// <see cref="Rand(int[])"/>, <see cref="Randn(int[])"/>, and, in Autograd.Nn, the initial weights of a
    /// <c>Linear</c>, the masks of a <c>Dropout</c> and the shuffles of a <c>DataLoader</c> made without a generator,
    /// are taken from it in the order of the calls, so the same program with the same seed gives the same numbers.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Unlike PyTorch's <c>torch.manual_seed</c>, which reseeds one process-wide generator, this is scoped: it belongs
    /// to the thread or async flow that opened it, and ends at <see cref="IDisposable.Dispose"/>, which puts back the
    /// scope that was in force before (an outer <see cref="ManualSeed"/>, or none). Outside every scope the default
    /// generator is <see cref="Random.Shared"/>, which is not reproducible. Another thread, or a flow started before the
    /// scope was opened, is not affected, so two threads that open scopes with different seeds at the same time each get
    /// their own sequence.
    /// </para>
    /// <para>
    /// An async child flow started inside the scope (<c>Task.Run</c>, an awaited method) inherits the same generator.
    /// Each consumer takes its draws under a lock on it, so such flows running in parallel never corrupt it, but the
    /// order in which they interleave, and hence which numbers each gets, is up to the scheduler: for reproducible
    /// parallel work, open a <see cref="ManualSeed"/> inside each parallel flow.
    /// </para>
    /// <para>
    /// Scopes nest as a stack, like <see cref="NoGrad"/>: disposing one while a scope opened inside it is still open
    /// closes that inner scope too, puts back the scope in force before the outer one, and throws
    /// <see cref="InvalidOperationException"/>. Disposing twice, or in a flow where the scope is not open, does nothing.
    /// </para>
    /// </remarks>
    /// <param name="seed">Seed of the scope's generator, as for <c>new Random(seed)</c>.</param>
    /// <returns>The scope; dispose it to end it.</returns>
    public static IDisposable ManualSeed(int seed) => new SeedScope(seed);

    /// <summary>
    /// Independent draws from the uniform distribution on [0, 1) from the default generator: the innermost
    /// <see cref="ManualSeed"/> scope's (under a lock on it), or <see cref="Random.Shared"/> outside every scope.
    /// Same draws as <see cref="Rand(int[], Random, bool)"/> with that generator. Not differentiable (a leaf).
    /// </summary>
    public static Tensor Rand(params int[] shape) => Rand(shape, requiresGrad: false);

    /// <summary>
    /// Uniform draws on [0, 1) from the default generator (see <see cref="Rand(int[])"/>), optionally a leaf that
    /// requires a gradient.
    /// </summary>
    public static Tensor Rand(int[] shape, bool requiresGrad) =>
        WithRandom(null, (shape, requiresGrad), static (random, s) => Rand(s.shape, random, s.requiresGrad));

    /// <summary>
    /// Independent standard normal draws N(0, 1) from the default generator: the innermost <see cref="ManualSeed"/>
    /// scope's (under a lock on it), or <see cref="Random.Shared"/> outside every scope. Same draws as
    /// <see cref="Randn(int[], Random, bool)"/> (Box–Muller) with that generator. Not differentiable (a leaf).
    /// </summary>
    public static Tensor Randn(params int[] shape) => Randn(shape, requiresGrad: false);

    /// <summary>
    /// Standard normal draws from the default generator (see <see cref="Randn(int[])"/>), optionally a leaf that
    /// requires a gradient.
    /// </summary>
    public static Tensor Randn(int[] shape, bool requiresGrad) =>
        WithRandom(null, (shape, requiresGrad), static (random, s) => Randn(s.shape, random, s.requiresGrad));

    /// <summary>
    /// Runs <paramref name="draw"/> with <paramref name="given"/>, the generator a caller passed, or when that is null with
    /// the default generator: the innermost <see cref="ManualSeed"/> scope's of this flow, or <see cref="Random.Shared"/>
    /// (thread-safe, no lock) outside every scope. A given or scoped generator is locked for the whole call, so one
    /// consumer's draws are consecutive and threads sharing it cannot corrupt it. For every consumer of randomness in the
    /// library (Linear's init, Dropout's masks, DataLoader's shuffles, Rand and Randn).
    /// </summary>
    internal static TResult WithRandom<TState, TResult>(Random? given, TState state, Func<Random, TState, TResult> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        var generator = given ?? SeedScope.Innermost?.Generator;
        if (generator is null) return draw(Random.Shared, state);
        lock (generator) return draw(generator, state);
    }

    /// <summary>
    /// One open <see cref="ManualSeed"/> scope: its generator and the scope it hides. The innermost scope of a flow
    /// lives in an <see cref="AsyncLocal{T}"/>; scopes are linked immutably, so a child flow that opens or closes its
    /// own scopes never changes its parent's chain.
    /// </summary>
    private sealed class SeedScope : IDisposable
    {
        private static readonly AsyncLocal<SeedScope?> Current = new();

        private readonly SeedScope? _outer;
        private bool _closed;

        public SeedScope(int seed)
        {
            Generator = new Random(seed);
            _outer = Current.Value;
            Current.Value = this;
        }

        /// <summary>The innermost open scope of this thread or async flow, or null.</summary>
        public static SeedScope? Innermost => Current.Value;

        /// <summary>The scope's generator; draw from it only under a lock on it.</summary>
        public Random Generator { get; }

        /// <summary>Puts back the scope that was in force when this one was opened.</summary>
        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            var top = Current.Value;
            if (ReferenceEquals(top, this))
            {
                Current.Value = _outer;   // the usual, strictly nested case
                return;
            }

            int inner = 0;
            var scope = top;
            for (; scope is not null && !ReferenceEquals(scope, this); scope = scope._outer) inner++;
            if (scope is null) return;   // not open in this flow (e.g. opened inside an awaited method that has returned)

            for (var s = top; !ReferenceEquals(s, this); s = s!._outer) s!._closed = true;
            Current.Value = _outer;
            throw new InvalidOperationException(
                $"A ManualSeed scope was disposed while {inner} ManualSeed scope{(inner == 1 ? "" : "s")} opened inside it " +
                $"{(inner == 1 ? "was" : "were")} still open. Scopes must be disposed in the reverse order of opening (use 'using'). " +
                "The inner scopes were closed with it, and the scope in force before it is back.");
        }
    }
}
