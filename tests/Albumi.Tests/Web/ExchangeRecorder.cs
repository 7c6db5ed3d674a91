using System.Text.Json;
using Albumi.Tests.Identity.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Albumi.Tests.Web;

/// <summary>
/// Writes down every request an in-process node answers during the suite: method, route template, status, content
/// type and (for JSON up to <see cref="MaxBody"/>) the body. After the suite, <c>tests/node/check-exchanges.mjs</c> holds
/// each one against the OpenAPI document and fails on a status or body the document does not describe.
/// </summary>
public sealed class ExchangeRecorder : IStartupFilter
{
    private const int MaxBody = 256 * 1024;

    private static readonly Lock Gate = new();

    public static string Folder => Path.Combine(OidcProviderFixture.RepositoryRoot(), "artifacts", "openapi", "exchanges");

    private static readonly string File = Path.Combine(Folder, $"{Environment.ProcessId}.jsonl");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var original = context.Response.Body;
            await using var copy = new MemoryStream();
            context.Response.Body = new TeeStream(original, copy, MaxBody);
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = original;
                Record(context, copy);
            }
        });
        next(app);
    };

    private static void Record(HttpContext context, MemoryStream copy)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return;
        }

        var contentType = context.Response.ContentType;
        string? body = null;
        if (contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase) && copy.Length is > 0 and < MaxBody)
        {
            body = System.Text.Encoding.UTF8.GetString(copy.GetBuffer(), 0, (int)copy.Length);
        }

        var line = JsonSerializer.Serialize(new
        {
            method = context.Request.Method,
            route = endpoint.RoutePattern.RawText,
            status = context.Response.StatusCode,
            contentType,
            body,
            truncated = copy.Length >= MaxBody,
        });
        lock (Gate)
        {
            Directory.CreateDirectory(Folder);
            System.IO.File.AppendAllText(File, line + "\n");
        }
    }

    /// <summary>Passes everything through and keeps a copy of the first bytes.</summary>
    private sealed class TeeStream(Stream inner, MemoryStream copy, int limit) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (copy.Length < limit)
            {
                copy.Write(bytes[..(int)Math.Min(bytes.Length, limit - copy.Length + 1)]);
            }
        }
    }
}
