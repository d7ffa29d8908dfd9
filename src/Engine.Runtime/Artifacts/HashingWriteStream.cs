using System.IO.Hashing;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// A write-only stream that passes everything to another and keeps, for the bytes written since the last
/// <see cref="TakeHash"/>, their count and digest: the manifest writer learns where each entry landed and what it holds
/// without reading the file back.
/// </summary>
public sealed class HashingWriteStream(Stream inner) : Stream
{
    private readonly XxHash128 _hash = new();
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    /// <summary>Bytes written so far.</summary>
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    /// <summary>The digest of the bytes written since the previous call.</summary>
    public UInt128 TakeHash()
    {
        var digest = _hash.GetCurrentHashAsUInt128();
        _hash.Reset();
        return digest;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
