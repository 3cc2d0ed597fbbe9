using Autograd.Nn;

namespace Autograd.Tests.Nn;

/// <summary>
/// Module.ToString in PyTorch's format (the strings below are what PyTorch prints for the same modules), ExtraRepr of
/// every built-in module, doubles written as Python writes them, and deep trees printed without recursion.
/// </summary>
public class ModulePrintingTests
{
    [Fact]
    public void LeavesPrintTheirSettingsOnOneLine()
    {
        Assert.Equal("Linear(in_features=16, out_features=32, bias=True)", new Linear(16, 32, random: new Random(0)).ToString());
        Assert.Equal("Linear(in_features=3, out_features=1, bias=False)", new Linear(3, 1, bias: false, random: new Random(0)).ToString());
        Assert.Equal("ReLU()", new ReLU().ToString());
        Assert.Equal("Sigmoid()", new Sigmoid().ToString());
        Assert.Equal("Tanh()", new Tanh().ToString());
        Assert.Equal("Softplus(beta=1.0, threshold=20.0)", new Softplus().ToString());
        Assert.Equal("Softplus(beta=0.5, threshold=-3.25)", new Softplus(0.5, -3.25).ToString());
        Assert.Equal("Dropout(p=0.5, inplace=False)", new Dropout().ToString());
        Assert.Equal("Dropout(p=0.1, inplace=False)", new Dropout(0.1).ToString());
        Assert.Equal("Dropout(p=0.0, inplace=False)", new Dropout(0).ToString());
    }

    [Fact]
    public void LossesPrintTheirSettings()
    {
        Assert.Equal("MSELoss()", new MSELoss().ToString());
        Assert.Equal("MSELoss(reduction=sum)", new MSELoss(Reduction.Sum).ToString());
        Assert.Equal("MSELoss(reduction=none)", new MSELoss(Reduction.None).ToString());
        Assert.Equal("PoissonNLLLoss(log_input=True, full=False, eps=1e-08, reduction=mean)", new PoissonNLLLoss().ToString());
        Assert.Equal("PoissonNLLLoss(log_input=False, full=True, eps=0.001, reduction=sum)",
            new PoissonNLLLoss(logInput: false, full: true, eps: 1e-3, reduction: Reduction.Sum).ToString());
    }

    [Fact]
    public void ContainersListTheirChildrenIndentedTwoSpacesPerLevel()
    {
        var net = new Sequential(new Linear(16, 32, random: new Random(0)), new ReLU());
        Assert.Equal("Sequential(\n  (0): Linear(in_features=16, out_features=32, bias=True)\n  (1): ReLU()\n)", net.ToString());

        var nested = new Sequential(
            new Linear(4, 8, random: new Random(0)),
            new Sequential(new Tanh(), new Sequential(new Dropout(0.25)), new Sequential()),
            new Softplus(beta: 2));
        Assert.Equal(
            """
            Sequential(
              (0): Linear(in_features=4, out_features=8, bias=True)
              (1): Sequential(
                (0): Tanh()
                (1): Sequential(
                  (0): Dropout(p=0.25, inplace=False)
                )
                (2): Sequential()
              )
              (2): Softplus(beta=2.0, threshold=20.0)
            )
            """.ReplaceLineEndings("\n"),
            nested.ToString());
    }

    /// <summary>A module with the given settings text and children, to reach every branch of the format.</summary>
    private sealed class Custom(string extra, params (string, Module)[] children) : Module
    {
        public override Tensor Forward(Tensor input) => input;
        public override string ExtraRepr() => extra;
        protected override IEnumerable<(string Name, Module Module)> Children() => children;
    }

    private sealed class Plain : Module
    {
        public override Tensor Forward(Tensor input) => input;
    }

    [Fact]
    public void SettingsAndChildrenTogetherAndMultiLineSettingsUseTheBlockForm()
    {
        Assert.Equal("Plain()", new Plain().ToString());
        Assert.Equal("", new Plain().ExtraRepr());
        Assert.Equal("Custom(\n  a=1\n  b=2\n)", new Custom("a=1\nb=2").ToString());
        Assert.Equal("Custom(\n  scale=2.0\n  (encoder): ReLU()\n  (head): Custom(\n    x\n    y\n  )\n)",
            new Custom("scale=2.0", ("encoder", new ReLU()), ("head", new Custom("x\ny"))).ToString());
        // A module listed twice is printed twice, as in PyTorch.
        var shared = new Tanh();
        Assert.Equal("Sequential(\n  (0): Tanh()\n  (1): Tanh()\n)", new Sequential(shared, shared).ToString());
    }

    [Fact]
    public void AModuleThatContainsItselfIsReportedNotPrintedForever()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Sequential(new CustomLoop()).ToString());
        Assert.Contains("contains itself", error.Message);
        Assert.Contains("'self'", error.Message);
    }

    private sealed class CustomLoop : Module
    {
        public override Tensor Forward(Tensor input) => input;
        protected override IEnumerable<(string Name, Module Module)> Children() { yield return ("self", this); }
    }

    [Fact]
    public void DeepTreesPrintOnASmallStack()
    {
        // 2,000 nested containers printed on a thread with a 256 KiB stack (about 128 bytes per level): the walk keeps its
        // path on the heap, so the depth is bounded by memory, not by the stack.
        const int depth = 2_000;
        Module net = new ReLU();
        for (int i = 0; i < depth; i++) net = new Sequential(net);
        string? text = null;
        var thread = new Thread(() => text = net.ToString(), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        var lines = text!.Split('\n');
        Assert.Equal(2 * depth + 1, lines.Length);
        Assert.Equal("Sequential(", lines[0]);
        Assert.Equal(new string(' ', 2 * depth) + "(0): ReLU()", lines[depth]);
        Assert.Equal(new string(' ', 2 * (depth - 1)) + ")", lines[depth + 1]);
        Assert.Equal(")", lines[^1]);
    }

    [Theory]
    [InlineData(1e-8, "1e-08")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.001, "0.001")]
    [InlineData(1.0, "1.0")]
    [InlineData(20.0, "20.0")]
    [InlineData(-3.25, "-3.25")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.25e20, "1.25e+20")]
    [InlineData(1e100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void DoublesAreWrittenAsPythonsReprWritesThem(double value, string python) =>
        Assert.Equal(python, PythonFormat.Float(value));
}
