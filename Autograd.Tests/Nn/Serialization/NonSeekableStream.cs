namespace Autograd.Tests.Nn.Serialization;

/// <summary>A read-only stream that cannot seek (as a network or pipe stream): subclasses say what a read yields.</summary>
internal abstract class NonSeekableStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public abstract override int Read(Span<byte> buffer);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A finite non-seekable stream over <c>data</c> handing out at most <c>maxPerRead</c> bytes a read, counting them.</summary>
internal sealed class TrickleStream(byte[] data, int maxPerRead) : NonSeekableStream
{
    private readonly MemoryStream _inner = new(data);
    public long BytesRead => _inner.Position;
    public override int Read(Span<byte> buffer) => _inner.Read(buffer[..Math.Min(buffer.Length, maxPerRead)]);
}
