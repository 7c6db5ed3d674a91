namespace Albumi.Cli;

/// <summary>
/// A stream that reports how many bytes have passed through it, to standard error, at most every quarter second and
/// once at the end: progress for exports and imports a person can watch and a script can ignore.
/// </summary>
public sealed class ProgressStream(Stream inner, string verb, long? total = null) : Stream
{
    private long _done;
    private long _lastReport = Environment.TickCount64;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => total ?? throw new NotSupportedException();

    public override long Position { get => _done; set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Count(count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        Count(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The closing line: everything that passed.</summary>
    public void Finish() => Report();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int bytes)
    {
        _done += bytes;
        if (Environment.TickCount64 - _lastReport >= 250)
        {
            Report();
        }

        return bytes;
    }

    private void Report()
    {
        _lastReport = Environment.TickCount64;
        var of = total is { } all ? $" of {Size(all)}" : "";
        Console.Error.WriteLine($"{verb} {Size(_done)}{of}");
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes / (1024.0 * 1024):F1} MiB",
    };
}
