namespace Autograd.Data;

/// <summary>
/// Deconstruction of a <see cref="DataLoader"/> batch (an array of tensors) into named variables:
/// <c>foreach (var (x, y) in loader)</c>, <c>var (x, exposure, y) = batch;</c>.
/// </summary>
public static class Batches
{
    /// <summary>A batch of two tensors as (first, second).</summary>
    /// <exception cref="ArgumentException">The batch does not hold exactly two tensors (its length is named).</exception>
    public static void Deconstruct(this Tensor[] batch, out Tensor first, out Tensor second)
    {
        Expect(batch, 2);
        (first, second) = (batch[0], batch[1]);
    }

    /// <summary>A batch of three tensors as (first, second, third).</summary>
    /// <exception cref="ArgumentException">The batch does not hold exactly three tensors (its length is named).</exception>
    public static void Deconstruct(this Tensor[] batch, out Tensor first, out Tensor second, out Tensor third)
    {
        Expect(batch, 3);
        (first, second, third) = (batch[0], batch[1], batch[2]);
    }

    /// <summary>A batch of four tensors as (first, second, third, fourth).</summary>
    /// <exception cref="ArgumentException">The batch does not hold exactly four tensors (its length is named).</exception>
    public static void Deconstruct(this Tensor[] batch, out Tensor first, out Tensor second, out Tensor third, out Tensor fourth)
    {
        Expect(batch, 4);
        (first, second, third, fourth) = (batch[0], batch[1], batch[2], batch[3]);
    }

    private static void Expect(Tensor[] batch, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Length != count)
            throw new ArgumentException($"A batch of {batch.Length} tensors cannot be deconstructed into {count} variables.", nameof(batch));
    }
}
