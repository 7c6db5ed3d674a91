using System.Net;

namespace Albumi.Testing;

/// <summary>Whether a node answers its health check: 200 only once its database is migrated and its silo is active.</summary>
public static class NodeHealth
{
    /// <summary>True when <c>/healthz</c> (relative to the client's base address) answers 200; false while the node is not up.</summary>
    public static async Task<bool> IsHealthyAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
