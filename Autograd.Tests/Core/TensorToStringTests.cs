namespace Autograd.Tests.Core;

/// <summary>Tensor.ToString: PyTorch-like nesting, elision, and an output bounded whatever the shape.</summary>
public class TensorToStringTests
{
    private static Tensor Range(params int[] shape) =>
        Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => (double)i).ToArray(), shape);

    public static TheoryData<Tensor, string> SmallTensors => new()
    {
        { Tensor.Scalar(2.5), "tensor(2.5, shape=[])" },
        { Range(3), "tensor([0, 1, 2], shape=[3])" },
        { Range(6), "tensor([0, 1, 2, 3, 4, 5], shape=[6])" },
        { Range(10), "tensor([0, 1, 2, ..., 7, 8, 9], shape=[10])" },
        { Range(2, 3), "tensor([[0, 1, 2], [3, 4, 5]], shape=[2, 3])" },
        { Range(8, 1), "tensor([[0], [1], [2], ..., [5], [6], [7]], shape=[8, 1])" },
        { Tensor.Zeros(0), "tensor([], shape=[0])" },
        { Tensor.Zeros(2, 0, 3), "tensor([[], []], shape=[2, 0, 3])" },
        { Tensor.FromArray([1.0 / 3, -1e-7, double.NaN, double.NegativeInfinity]), "tensor([0.333333, -1E-07, NaN, -Infinity], shape=[4])" },
    };

    [Theory]
    [MemberData(nameof(SmallTensors))]
    public void SmallTensorsPrintInFullOrWithSixPerDimension(Tensor t, string expected) => Assert.Equal(expected, t.ToString());

    [Fact]
    public void ARankOfAMillionPrintsWithoutOverflowingTheStack()
    {
        var t = Tensor.FromArray([7.0], Enumerable.Repeat(1, 1_000_000).ToArray());
        string text = t.ToString();
        Assert.StartsWith("tensor(" + new string('[', 1_000_000) + "7" + new string(']', 1_000_000) + ", shape=[1, 1, ", text);
    }

    [Fact]
    public void ManyShortDimensionsAreSummarisedToAboutAThousandValues()
    {
        var t = Tensor.Zeros(Enumerable.Repeat(2, 20).ToArray()); // 2^20 elements, no dimension longer than 6
        string text = t.ToString();
        int values = text.Split('0').Length - 1;
        Assert.InRange(values, 900, 1000);
        Assert.Contains("...", text);
        Assert.Equal(text.Count(c => c == '['), text.Count(c => c == ']'));
        Assert.Matches(@"0\]*, \.\.\.\]+, shape=\[2(, 2){19}\]\)$", text);   // the rest elided, every open list closed
    }

    [Fact]
    public void AnEmptyTensorWithHugeDimensionsPrints()
    {
        var t = Tensor.Zeros(0, 65536, 65536);
        Assert.Equal("tensor([], shape=[0, 65536, 65536])", t.ToString());
    }
}
