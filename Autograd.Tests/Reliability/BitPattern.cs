namespace Autograd.Tests.Reliability;

/// <summary>IEEE bit patterns of tensor elements as text: two strings are equal exactly when the values are bit-identical.</summary>
internal static class BitPattern
{
    /// <summary>Every element of every tensor, in order, as 16 hex digits each.</summary>
    public static string Of(IEnumerable<Tensor> tensors) =>
        string.Join(' ', tensors.SelectMany(t => t.ToArray()).Select(v => BitConverter.DoubleToInt64Bits(v).ToString("X16")));

    /// <summary>Every element of <paramref name="tensor"/>, in order.</summary>
    public static string Of(Tensor tensor) => Of([tensor]);
}
