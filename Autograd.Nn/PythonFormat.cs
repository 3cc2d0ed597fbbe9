using System.Globalization;

namespace Autograd.Nn;

/// <summary>Values written as Python's <c>repr</c> writes them, for module descriptions that read like PyTorch's.</summary>
internal static class PythonFormat
{
    /// <summary>A reduction as PyTorch's string for it: <c>none</c>, <c>mean</c> or <c>sum</c>.</summary>
    public static string Reduction(Reduction reduction) => reduction.ToString().ToLowerInvariant();

    /// <summary><c>True</c> or <c>False</c>.</summary>
    public static string Bool(bool value) => value ? "True" : "False";

    /// <summary>
    /// Python's <c>repr(float)</c>: the shortest digits that round-trip, in positional notation with at least one
    /// fractional digit (<c>0.5</c>, <c>20.0</c>, <c>0.001</c>) when the decimal exponent e (value = d.ddd × 10^e) is in
    /// [−4, 16), else in scientific notation with a signed exponent of at least two digits (<c>1e-08</c>, <c>1.5e+16</c>);
    /// <c>inf</c>, <c>-inf</c>, <c>nan</c>.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        string sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return sign + "0.0";

        // .NET's round-trip form has the same shortest digits; take them and the exponent apart, then lay them out.
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E');
        int exponent = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? r : r[..e];
        int point = mantissa.IndexOf('.');
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int integerDigits = point < 0 ? mantissa.Length : point;
        int leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        // value = 0.digits × 10^decimalPoint
        int decimalPoint = integerDigits - leadingZeros + exponent;
        int scientific = decimalPoint - 1;

        if (scientific < -4 || scientific >= 16)
        {
            string head = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            string exp = Math.Abs(scientific).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{head}e{(scientific < 0 ? '-' : '+')}{exp}";
        }
        if (decimalPoint <= 0) return $"{sign}0.{new string('0', -decimalPoint)}{digits}";
        if (decimalPoint >= digits.Length) return $"{sign}{digits}{new string('0', decimalPoint - digits.Length)}.0";
        return $"{sign}{digits[..decimalPoint]}.{digits[decimalPoint..]}";
    }
}
