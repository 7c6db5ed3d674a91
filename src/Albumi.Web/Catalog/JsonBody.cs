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
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new RequestBodyException(StatusCodes.Status400BadRequest, "The request needs a JSON body.");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Options);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new RequestBodyException(StatusCodes.Status400BadRequest, "The body is not well-formed JSON.");
        }
    }

    private static RequestBodyException TooLarge(int maxBytes)
        => new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes / 1024} KiB.");
}
