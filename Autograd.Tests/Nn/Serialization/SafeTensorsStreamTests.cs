using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Autograd.Serialization;
using static Autograd.Tests.Nn.Serialization.SafeTensorsImage;

namespace Autograd.Tests.Nn.Serialization;

/// <summary>Loading from a stream that cannot seek: the length field comes first, and nothing past the declared bytes is read.</summary>
public class SafeTensorsStreamTests
{
    /// <summary>A non-seekable stream that yields <c>prefix</c> and then <c>filler</c> forever, counting the bytes handed out.</summary>
    /// <remarks>It fails the read (with a NotSupportedException) once <c>budget</c> bytes are out, so a loader that reads on and on fails the test quickly instead of eating memory.</remarks>
    private sealed class EndlessStream(byte[] prefix, byte filler, long budget = 1 << 20) : NonSeekableStream
    {
        public long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (BytesRead + buffer.Length > prefix.Length + budget)
                throw new NotSupportedException($"The loader asked for bytes up to {BytesRead + buffer.Length}, past the test's budget.");
            for (int i = 0; i < buffer.Length; i++, BytesRead++)
                buffer[i] = BytesRead < prefix.Length ? prefix[BytesRead] : filler;
            return buffer.Length;
        }
    }

    private static byte[] Length(ulong n)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, n);
        return bytes;
    }

    public static TheoryData<string, byte[], byte, long, string> EndlessCases => new()
    {
        // Endless 'x': the length field reads 0x7878787878787878.
        { "nothing but filler", [], (byte)'x', 8, "limit" },
        { "header one byte over the limit", Length(SafeTensors.MaxHeaderLength + 1UL), (byte)' ', 8, "100000000-byte limit" },
        { "header of spaces", Length(64), (byte)' ', 8 + 64, "not valid JSON" },
        { "header with a gap in the offsets", Bytes("{" + Entry("a", "F64", "[1]", 8, 16) + "}"), 0, -1, "[0, 8)" },
    };

    [Theory]
    [MemberData(nameof(EndlessCases))]
    public void AnEndlessStreamIsRefusedAfterReadingOnlyWhatTheHeaderDeclares(string label, byte[] prefix, byte filler, long maxRead, string fragment)
    {
        var stream = new EndlessStream(prefix, filler);
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(stream));
        clock.Stop();
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{label}: message was \"{error.Message}\"");
        Assert.True(stream.BytesRead <= (maxRead < 0 ? prefix.Length : maxRead), $"{label}: read {stream.BytesRead} bytes");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{label}: took {clock.Elapsed}");
    }

    [Fact]
    public void AValidFileFollowedByEndlessBytesLoadsAndReadsExactlyItsOwnBytes()
    {
        var file = Bytes("{" + Entry("a", "F64", "[2]", 0, 16) + "," + Entry("b", "F32", "[1]", 16, 20) + "}");
        var stream = new EndlessStream(file, 0);
        var loaded = SafeTensors.Load(stream);
        Assert.Equal([0.0, 0.0], loaded["a"].ToArray());
        Assert.Equal(0.0, loaded["b"].Item());
        Assert.Equal(file.Length + 20, stream.BytesRead);
    }

    [Fact]
    public void AShortLengthFieldIsMalformed()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new TrickleStream([1, 2, 3], 5)));
        Assert.Contains("3 bytes", error.Message);
        Assert.Contains("8-byte", error.Message);
    }

    [Fact]
    public void AHeaderLongerThanTheStreamIsMalformed()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new TrickleStream(Bytes("{}", declaredLength: 1000), 5)));
        Assert.Contains("1000", error.Message);
        Assert.Contains("runs past the end", error.Message);
    }

    [Fact]
    public void DataShorterThanDeclaredIsMalformedWithoutAllocatingTheDeclaredSize()
    {
        // 2^28 doubles declared (2 GiB), 16 bytes present.
        long declared = 8L << 28;
        var file = Bytes("{" + Entry("big", "F64", $"[{1 << 28}]", 0, declared) + "}", 16);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new TrickleStream(file, 5)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("ended before", error.Message);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void DataAfterTheDeclaredTensorsIsLeftInTheStream()
    {
        var file = Bytes("{" + Entry("a", "F64", "[1]", 0, 8) + "}", 8).Concat(Encoding.ASCII.GetBytes("rest")).ToArray();
        var stream = new TrickleStream(file, 5);
        SafeTensors.Load(stream);
        Assert.Equal(file.Length - 4, stream.BytesRead);
    }
}
