using System.Text.Json;

namespace Albumi.Tests.Infrastructure;

/// <summary>Reading RFC 9457 problem responses in assertions.</summary>
public static class ProblemResponses
{
    /// <summary>The problem's <c>type</c>, or null when the body is no problem document.</summary>
    public static async Task<string?> ProblemTypeAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
