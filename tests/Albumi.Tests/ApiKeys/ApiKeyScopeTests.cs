using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Albumi.Silo.Database;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Tests.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.ApiKeys;

/// <summary>Scopes and workspace restrictions over the whole route table (many requests: the default rate limit).</summary>
public sealed class ApiKeyScopeTests() : WebNodesTest
{
    [Fact]
    public async Task ScopesAndWorkspaceRestrictionsHoldOnEveryWorkspaceRoute()
    {
        var owner = await SignedInAsync();
        var allowed = await owner.CreateWorkspaceAsync("Allowed");
        var elsewhere = await owner.CreateWorkspaceAsync("Elsewhere");
        var readOnly = owner.WithKey((await ApiKeyTests.CreateKeyAsync(owner, "reader", scopes: ["read"])).Key);
        var writer = owner.WithKey((await ApiKeyTests.CreateKeyAsync(owner, "writer", scopes: ["read", "write"])).Key);
        var narrowed = owner.WithKey((await ApiKeyTests.CreateKeyAsync(owner, "narrow", workspaceIds: [allowed.Id])).Key);

        foreach (var route in WorkspaceRoutes.All(Node.Services).Where(r => !r.IsDestructiveToCaller))
        {
            var required = ApiKeyScope.Required(route.Endpoint, route.Method.Method);
            foreach (var (client, scopes) in new[] { (readOnly, new[] { "read" }), (writer, new[] { "read", "write" }) })
            {
                var response = await client.SendAsync(route.Method, route.Path(allowed.Id.ToString(), Guid.NewGuid()), route.SampleBody);
                var missingScope = response.StatusCode == HttpStatusCode.Forbidden && await ProblemResponses.ProblemTypeAsync(response) == ProblemTypes.MissingScope;
                Assert.True(missingScope == !scopes.Contains(required), $"{string.Join('+', scopes)} key on {route.Method} {route.Pattern} (needs {required}) answered {response.StatusCode}");
            }

            var outside = await narrowed.SendAsync(route.Method, route.Path(elsewhere.Id.ToString(), Guid.NewGuid()), route.SampleBody);
            Assert.True(outside.StatusCode == HttpStatusCode.NotFound, $"narrowed key on {route.Method} {route.Pattern} outside its workspaces answered {outside.StatusCode}");
        }

        // Every other /v1 route: a read-only key is refused exactly where the route needs more than read.
        var others = Node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && p.StartsWith("/v1/", StringComparison.Ordinal) && !p.StartsWith("/v1/workspaces/{ws}", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Endpoint: e, Method: m)))
            .ToList();
        Assert.NotEmpty(others);
        foreach (var (endpoint, method) in others)
        {
            var path = Regex.Replace(endpoint.RoutePattern.RawText!, "{[^}]+}", Guid.NewGuid().ToString("N"));
            var response = await readOnly.SendAsync(new HttpMethod(method), path, new { name = "x" });
            if (endpoint.Metadata.GetMetadata<RequiresSession>() is not null)
            {
                var sessionRequired = response.StatusCode == HttpStatusCode.Forbidden && await ProblemResponses.ProblemTypeAsync(response) == ProblemTypes.SessionRequired;
                Assert.True(sessionRequired, $"session-only {method} {endpoint.RoutePattern.RawText} answered {response.StatusCode} to a key");
                continue;
            }

            var missingScope = response.StatusCode == HttpStatusCode.Forbidden && await ProblemResponses.ProblemTypeAsync(response) == ProblemTypes.MissingScope;
            var required = ApiKeyScope.Required(endpoint, method);
            Assert.True(missingScope == (required != ApiKeyScope.Read), $"read key on {method} {endpoint.RoutePattern.RawText} (needs {required}) answered {response.StatusCode}");
        }

        var listed = await narrowed.GetJsonAsync<List<Albumi.Web.Workspaces.WorkspaceResponse>>("/v1/workspaces");
        Assert.Equal([allowed.Id], listed.Select(w => w.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await narrowed.PostAsync("/v1/workspaces", new { name = "escape" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsync("/v1/me/api-keys", new { name = "x", expiresIn = "30d" })).StatusCode);
    }
}
