using System.Buffers.Binary;
using System.Text;

namespace Autograd.Tests.Nn.Serialization;

/// <summary>Builds the bytes of a safetensors file by hand, so tests can write headers the saver never would.</summary>
internal static class SafeTensorsImage
{
    /// <summary>The 8-byte length of <paramref name="header"/> (or <paramref name="declaredLength"/>), the header, then <paramref name="dataBytes"/> zero bytes.</summary>
    public static byte[] Bytes(string header, int dataBytes = 0, ulong? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>One header entry: <c>"name":{"dtype":..,"shape":..,"data_offsets":[begin,end]}</c>; name and dtype are pasted as JSON string contents.</summary>
    public static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
}
