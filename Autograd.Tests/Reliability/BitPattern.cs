namespace Autograd.Tests.Reliability;

/// <summary>IEEE bit patterns of tensor elements as text: two strings are equal exactly when the values are bit-identical.</summary>
internal static class BitPattern
{
    /// <summary>Every element of every tensor, in order, as 16 hex digits each.</summary>
    public static string Of(IEnumerable<Tensor> tensors) =>
        string.Join(' ', tensors.SelectMany(t => t.ToArray()).Select(v => BitConverter.DoubleToInt64Bits(v).ToString("X16")));

    /// <summary>
    /// The bits of <paramref name="v"/>, every NaN mapped to one pattern. IEEE 754 leaves which NaN an operation on two NaNs
    /// returns unspecified, and the JIT may swap the operands of an addition between compilation tiers, so a NaN's sign
    /// and payload are not part of a result: only that it is NaN.
    /// </summary>
    public static long Canonical(double v) => BitConverter.DoubleToInt64Bits(double.IsNaN(v) ? double.NaN : v);

    /// <summary>Every element of <paramref name="tensor"/>, in order.</summary>
    public static string Of(Tensor tensor) => Of([tensor]);
}
