using System.Text.Json;

namespace Albumi.Web.Problems;

/// <summary>
/// A problem response a browser would have been shown, read back from its document for the error page
/// (<see cref="BrowserErrorPages"/>): the same status, type, title and detail the API answers, field errors, the trace
/// id, and when to retry.
/// </summary>
public sealed record BrowserProblem(
    int Status,
    string? Type,
    string? Title,
    string? Detail,
    string? TraceId,
    IReadOnlyDictionary<string, string[]> Errors,
    string? RetryAfter,
    string RequestPath)
{
    public static BrowserProblem Read(byte[] document, int status, string? retryAfter, string requestPath)
    {
        ArgumentNullException.ThrowIfNull(document);
        string? type = null, title = null, detail = null, traceId = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            type = Text(root, "type");
            title = Text(root, "title");
            detail = Text(root, "detail");
            traceId = Text(root, "traceId");
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in map.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : m.ToString()).ToArray()
                        : [field.Value.ToString()];
                }
            }
        }
        catch (JsonException)
        {
            // Not a readable document: the page names the status alone.
        }

        return new BrowserProblem(status, type, title, detail, traceId, errors, retryAfter, requestPath);
    }

    private static string? Text(JsonElement root, string name)
        => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
