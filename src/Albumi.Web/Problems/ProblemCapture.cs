namespace Albumi.Web.Problems;

/// <summary>
/// The response body of a browser's request while <see cref="BrowserErrorPages"/> watches it: a problem document
/// (<c>application/problem+json</c> with an error status, decided at its first write) is kept here instead of sent, so
/// a page can be shown in its place; anything else passes straight through. <see cref="SetLength"/>(0), which
/// <c>HttpResponse.Clear()</c> calls when the exception handler starts over, forgets what was kept.
/// </summary>
internal sealed class ProblemCapture(HttpResponse response, Stream inner) : Stream
{
    private MemoryStream? _kept;
    private bool _passThrough;

    /// <summary>The problem document written so far, or null when the response was not one.</summary>
    public byte[]? Kept => _passThrough ? null : _kept?.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => !_passThrough;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Decide())
        {
            _kept!.Write(buffer);
        }
        else
        {
            inner.Write(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Decide())
        {
            _kept!.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        if (_passThrough)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _passThrough ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void SetLength(long value)
    {
        if (value != 0 || _passThrough)
        {
            throw new NotSupportedException();
        }

        _kept = null;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <summary>Whether this write is kept: the first write decides, by status and content type (problem documents are small, built by Albumi).</summary>
    private bool Decide()
    {
        if (_passThrough)
        {
            return false;
        }

        if (_kept is null)
        {
            if (response.StatusCode < 400 || !IsProblem(response.ContentType))
            {
                _passThrough = true;
                return false;
            }

            _kept = new MemoryStream();
        }

        return true;
    }

    private static bool IsProblem(string? contentType)
        => contentType is not null && contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase);
}
