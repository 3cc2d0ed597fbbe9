using System.Globalization;

namespace Autograd.Optim;

/// <summary>Checks of optimizer settings; each throws <see cref="ArgumentOutOfRangeException"/> naming the setting and its value.</summary>
internal static class Hyperparameters
{
    /// <summary>Accepts a finite value ≥ 0 (learning rates, weight decay, momentum, eps, tolerances).</summary>
    public static double NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0, but it is {Format(value)}.");
        return value;
    }

    /// <summary>Accepts a value in [0, 1) (Adam's betas).</summary>
    public static double Fraction(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), but it is {Format(value)}.");
        return value;
    }

    /// <summary>Accepts an integer ≥ 1 (iteration counts, history sizes).</summary>
    public static int Positive(int value, string name)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1, but it is {value}.");
        return value;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
