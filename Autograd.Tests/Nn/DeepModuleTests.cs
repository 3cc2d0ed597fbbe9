using System.Diagnostics;
using Autograd.Nn;

namespace Autograd.Tests.Nn;

/// <summary>
/// Very deep module trees (30,000 nested Sequentials around one Linear): listing parameters, their dotted names and the
/// state dict costs time and memory linear in the number of modules, not quadratic in the depth.
/// </summary>
public class DeepModuleTests
{
    /// <summary>A Linear(2, 1) inside <paramref name="depth"/> nested one-element Sequentials.</summary>
    private static Module Nest(int depth)
    {
        Module module = new Linear(2, 1, random: new Random(1));
        for (int i = 0; i < depth; i++) module = new Sequential(module);
        return module;
    }

    private static string Prefix(int depth) => string.Concat(Enumerable.Repeat("0.", depth));

    [Fact]
    public void ThirtyThousandNestedSequentialsListTheirParametersNamesAndStateDictQuickly()
    {
        const int depth = 30_000;
        var model = Nest(depth);
        var clock = Stopwatch.StartNew();
        var parameters = model.Parameters().ToList();
        var named = model.NamedParameters().ToList();
        var state = model.StateDict();
        model.ZeroGrad();
        model.Eval();
        clock.Stop();

        Assert.Equal(2, parameters.Count);
        Assert.Equal([Prefix(depth) + "weight", Prefix(depth) + "bias"], named.Select(p => p.Name));
        Assert.Same(parameters[0], named[0].Parameter);
        Assert.Equal(named.Select(p => p.Name), state.Keys);
        Assert.False(model.IsTraining);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:F1} s: the walk is not linear in the depth");
    }

    /// <summary>Bytes this thread allocates to list the parameters, their names and the state dict of <paramref name="model"/>.</summary>
    private static long AllocatedToList(Module model)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = model.Parameters().Count();
        _ = model.NamedParameters().Count();
        _ = model.StateDict().Count;
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void MemoryForTheWalkGrowsLinearlyWithTheDepth()
    {
        // A count rather than a time: twice the depth must cost about twice the bytes (a quadratic walk costs four times).
        var shallow = Nest(8_000);
        var deep = Nest(16_000);
        AllocatedToList(shallow);   // warm up once, so JIT and first-use allocations are not counted
        long a = AllocatedToList(shallow), b = AllocatedToList(deep);
        double ratio = (double)b / a;
        Assert.True(ratio < 2.6, $"depth 8,000 allocated {a:N0} bytes and depth 16,000 allocated {b:N0} bytes (ratio {ratio:F2}; linear is 2)");
    }

    [Fact]
    public void AModuleContainingItselfDeepDownIsStillReportedWithItsName()
    {
        var loop = new Holder();
        Module module = loop;
        for (int i = 0; i < 1_000; i++) module = new Sequential(module);
        loop.Child = module;
        var e = Assert.Throws<InvalidOperationException>(() => loop.Parameters().ToList());
        Assert.Contains("inner." + Prefix(999) + "0", e.Message);
        Assert.Contains("contains itself", e.Message);
    }

    [Fact]
    public void ASubtreeSharedBySiblingsIsNotMistakenForACycle()
    {
        var shared = new Sequential(new Linear(1, 1, random: new Random(2)));
        var model = new Sequential(new Sequential(shared), shared, new Sequential(new Sequential(shared)));
        Assert.Equal(["0.0.0.weight", "0.0.0.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["0.0.0.weight", "0.0.0.bias", "1.0.weight", "1.0.bias", "2.0.0.0.weight", "2.0.0.0.bias"], model.StateDict().Keys);
    }

    /// <summary>A module with one settable child named "inner".</summary>
    private sealed class Holder : Module
    {
        public Module? Child { get; set; }
        public override Tensor Forward(Tensor input) => Child is null ? input : Child.Forward(input);
        protected override IEnumerable<(string Name, Module Module)> Children()
        {
            if (Child is not null) yield return ("inner", Child);
        }
    }
}
