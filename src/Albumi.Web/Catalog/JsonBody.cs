using System.Text.Json;

namespace Albumi.Web.Catalog;

/// <summary>
/// Reads a JSON request body inside the handler, after the workspace check, so a request to another tenant answers 404
/// whatever its body. Bodies over the limit answer 413 without being read to the end.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static async Task<JsonElement> ReadAsync(HttpRequest request, int maxBytes = MaxBytes)
    {
        var body = await ReadBytesAsync(request, maxBytes);
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new RequestBodyException(StatusCodes.Status400BadRequest, "The body is not well-formed JSON.");
        }
    }

    /// <summary>
    /// The body's bytes, unparsed, for readers that walk large documents themselves. With a Content-Length the buffer
    /// is allocated once at that size; without one it grows as the body arrives.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var aborted = request.HttpContext.RequestAborted;
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = await request.Body.ReadAsync(exact.AsMemory(filled), aborted)) > 0)
            {
                filled += got;
            }

            return filled > 0 ? exact.AsMemory(0, filled) : throw EmptyBody();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, aborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length > 0 ? buffer.GetBuffer().AsMemory(0, (int)buffer.Length) : throw EmptyBody();
    }

    private static RequestBodyException EmptyBody() => new(StatusCodes.Status400BadRequest, "The request needs a JSON body.");

    private static RequestBodyException TooLarge(int maxBytes)
        => new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes / 1024} KiB.");
}
