using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Workspaces;

/// <summary>Every workspace route, read from the app's own route table, so a new endpoint is covered by the tests at once.</summary>
public sealed record WorkspaceRoutes(HttpMethod Method, string Pattern, Permission? Permission, Endpoint Endpoint)
{
    /// <summary>A body every route accepts as well-formed JSON (the fields are wrong or harmless).</summary>
    public object SampleBody => new { name = "renamed by a test", role = "viewer", email = "someone@example.test", accountId = Guid.NewGuid() };

    /// <summary>Routes whose success would remove the caller's own standing (transfer away, delete the workspace); left out of role sweeps.</summary>
    public bool IsDestructiveToCaller => Pattern.EndsWith("transfer-ownership", StringComparison.Ordinal)
        || (Method == HttpMethod.Delete && Pattern.TrimEnd('/') == "/v1/workspaces/{ws}");

    /// <summary>
    /// The route's path in <paramref name="workspace"/>, with <paramref name="otherId"/> for every other id in it and
    /// <paramref name="token"/> (or a well-formed made-up one) for a share token.
    /// </summary>
    public string Path(string workspace, Guid otherId, string? token = null)
        => Pattern.Replace("{ws}", workspace, StringComparison.Ordinal)
            .Replace("{accountId}", otherId.ToString(), StringComparison.Ordinal)
            .Replace("{id}", otherId.ToString(), StringComparison.Ordinal)
            .Replace("{proposalId}", otherId.ToString(), StringComparison.Ordinal)
            .Replace("{token}", token ?? otherId.ToString("N")[..22], StringComparison.Ordinal)
            .TrimEnd('/');

    /// <summary>Whether the route names a record inside the workspace (an entity, a proposal, a member) by id.</summary>
    public bool HasInnerId => Pattern.Contains("{id}", StringComparison.Ordinal) || Pattern.Contains("{proposalId}", StringComparison.Ordinal)
        || Pattern.Contains("{token}", StringComparison.Ordinal);

    public static IReadOnlyList<WorkspaceRoutes> All(IServiceProvider services)
        => services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1/workspaces/{ws}", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                new WorkspaceRoutes(new HttpMethod(m), e.RoutePattern.RawText!, e.Metadata.GetMetadata<RequiresPermission>()?.Permission, e)))
            .ToList();
}
