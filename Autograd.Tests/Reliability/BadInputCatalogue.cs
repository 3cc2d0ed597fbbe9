using Autograd.Nn;

namespace Autograd.Tests.Reliability;

/// <summary>What a wrong call must throw: the exact exception type, the offending parameter, and words the message must contain.</summary>
internal sealed record Expected(Type Type, string? ParamName, string[] Mentions)
{
    public static Expected Null(string paramName) => new(typeof(ArgumentNullException), paramName, []);
    public static Expected Argument(string? paramName, params string[] mentions) => new(typeof(ArgumentException), paramName, mentions);
    public static Expected OutOfRange(string paramName, params string[] mentions) => new(typeof(ArgumentOutOfRangeException), paramName, mentions);
    public static Expected InvalidOperation(params string[] mentions) => new(typeof(InvalidOperationException), null, mentions);
    public static Expected InvalidData(params string[] mentions) => new(typeof(InvalidDataException), null, mentions);
}

/// <summary>
/// Named wrong calls against a fresh <see cref="BadInputFixture"/>, for xunit theories (one row per name). Each call must
/// throw exactly the expected exception with a message naming the problem, and leave every tensor and graph as it was.
/// </summary>
internal sealed class BadInputCatalogue : Dictionary<string, (Action<BadInputFixture> Call, Expected Expected)>
{
    public void Add(string name, Action<BadInputFixture> call, Expected expected) => Add(name, (call, expected));

    public TheoryData<string> Names => new(Keys);

    public void Verify(string name)
    {
        var (call, expected) = this[name];
        var fixture = new BadInputFixture();
        string before = fixture.Snapshot();

        var e = Record.Exception(() => call(fixture));

        Assert.NotNull(e);
        Assert.True(expected.Type == e.GetType(), $"expected {expected.Type.Name}, got {e.GetType().Name}: {e.Message}");
        if (expected.ParamName is not null) Assert.Equal(expected.ParamName, ((ArgumentException)e).ParamName);
        foreach (var word in expected.Mentions) Assert.Contains(word, e.Message);
        Assert.Equal(before, fixture.Snapshot());
        fixture.AssertGraphStillBackpropagates();
    }
}

/// <summary>
/// Tensors in every state a call may meet: leaves with and without gradients, constants, a recorded graph not yet
/// backpropagated and one already released.
/// </summary>
internal sealed class BadInputFixture
{
    /// <summary>[2, 3] leaf whose Grad already holds 2 (from a backward of Σ 2A).</summary>
    public readonly Tensor A = Tensor.FromArray([1, 2, 3, 4, 5, 6], [2, 3], requiresGrad: true);
    /// <summary>[3, 2] leaf without a gradient yet.</summary>
    public readonly Tensor B = Tensor.FromArray([0.5, -1, 1.5, 2, -0.5, 3], [3, 2], requiresGrad: true);
    /// <summary>[2, 3] constant.</summary>
    public readonly Tensor C = Tensor.FromArray([6, 5, 4, 3, 2, 1], [2, 3]);
    /// <summary>[2, 3] 0/1 mask.</summary>
    public readonly Tensor Mask = Tensor.FromArray([1, 0, 1, 0, 1, 0], [2, 3]);
    /// <summary>[3] constant vector.</summary>
    public readonly Tensor V = Tensor.FromArray([1.0, 2.0, 3.0]);
    /// <summary>Scalar Y = Σ A ⊙ Bᵀ, recorded and not yet backpropagated.</summary>
    public readonly Tensor Y;
    /// <summary>[2, 3] recorded tensor 2A.</summary>
    public readonly Tensor Z;
    /// <summary>Scalar leaf whose graph (L²) was already backpropagated without retainGraph.</summary>
    public readonly Tensor L = Tensor.FromArray([3.0], [], requiresGrad: true);
    /// <summary>The released output L².</summary>
    public readonly Tensor Spent;
    /// <summary>Linear(3, 2) → Tanh → Linear(2, 1), seeded, whose parameters already hold gradients.</summary>
    public readonly Sequential Net = new(new Linear(3, 2, random: new Random(5)), new Tanh(), new Linear(2, 1, random: new Random(6)));

    public BadInputFixture()
    {
        (A * 2.0).Sum().Backward();
        Y = (A * B.T).Sum();
        Z = A * 2.0;
        Spent = L * L;
        Spent.Backward();
        Net.Forward(Tensor.Ones(4, 3)).Sum().Backward();
    }

    private Tensor[] All => [A, B, C, Mask, V, Y, Z, L, Spent, .. Net.Parameters()];

    /// <summary>Shape, flags, data bits and gradient bits of every fixture tensor.</summary>
    public string Snapshot() => string.Join('\n', All.Select(t =>
        $"{Shapes.Format(t.Shape)} requiresGrad={t.RequiresGrad} gradFn={t.GradFn} data={BitPattern.Of(t)} grad={(t.Grad is { } g ? Shapes.Format(g.Shape) + BitPattern.Of(g) : "null")}"));

    /// <summary>Y's graph is intact: its backward adds dY/dA = Bᵀ to A's 2 and gives dY/dB = Aᵀ.</summary>
    public void AssertGraphStillBackpropagates()
    {
        Y.Backward();
        Assert.Equal([2.5, 3.5, 1.5, 1, 4, 5], A.Grad!.ToArray());
        Assert.Equal([1.0, 4, 2, 5, 3, 6], B.Grad!.ToArray());
    }
}
