using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Me;

namespace Albumi.Tests.Catalog;

public sealed class CatalogIsolationTests() : WebNodesTest
{
    [Fact]
    public async Task EveryRouteAnswersAnotherTenantsIdsWithTheSame404AsRandomIdsSignedInAndWithAKeyAndChangesNothing()
    {
        var owner = await SignedInAsync();
        var theirs = (await owner.CreateWorkspaceAsync("Theirs")).Id;
        var ids = await SeedEveryKindAsync(owner, theirs);
        var proposal = (await (await owner.PostAsync($"/v1/workspaces/{theirs}/proposals", new { title = "theirs" })).JsonObjectAsync()).Id();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var share = (await (await owner.PostAsync($"/v1/workspaces/{theirs}/shares", new { kind = "applications", id = ids["applications"] })).JsonObjectAsync()).Text("url")[3..];
        var before = await SnapshotAsync(owner, theirs, ids, proposal);

        var outsider = await SignedInAsync();
        var mine = (await outsider.CreateWorkspaceAsync("Mine")).Id;
        var keyResponse = await outsider.PostAsync("/v1/me/api-keys", new { name = "all", expiresIn = "30d", scopes = new[] { "read", "write", "admin" } });
        var withKey = outsider.WithKey((await keyResponse.JsonObjectAsync()).Text("key"), Node.CreateBareClient());

        var routes = WorkspaceRoutes.All(Node.Services);
        var checkedCalls = 0;
        foreach (var client in new[] { outsider, withKey })
        {
            foreach (var route in routes)
            {
                var body = BodyFor(route);
                var theirId = route.Pattern.Contains("{proposalId}", StringComparison.Ordinal) ? proposal
                    : route.Pattern.Contains("{accountId}", StringComparison.Ordinal) ? ownerId
                    : KindOf(route) is { } kind ? ids[kind] : Guid.NewGuid();
                var attempts = new List<string> { route.Path(theirs.ToString(), theirId) };
                if (route.Pattern.Contains("{token}", StringComparison.Ordinal))
                {
                    attempts = [route.Path(theirs.ToString(), theirId, share), route.Path(mine.ToString(), theirId, share), route.Path(mine.ToString(), Guid.NewGuid())];
                }
                else if (route.HasInnerId)
                {
                    attempts.Add(route.Path(mine.ToString(), theirId));
                    attempts.Add(route.Path(mine.ToString(), Guid.NewGuid()));
                }

                if (KindOf(route) is not null && route.Method != HttpMethod.Get)
                {
                    attempts.Add(route.Path(mine.ToString(), theirId) + $"?proposal={proposal}");
                }

                foreach (var path in attempts)
                {
                    var response = await client.SendAsync(route.Method, path, body);
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route.Method} {path} ({(client.ApiKey is null ? "session" : "key")}) answered {response.StatusCode}");

                    // The same request with every real id of theirs replaced by a random one: byte for byte the same answer.
                    var twin = path.Replace(theirs.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal)
                        .Replace(theirId.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal)
                        .Replace(share, RandomLike(share), StringComparison.Ordinal);
                    Assert.Equal(await AnswerAsync(response), await AnswerAsync(await client.SendAsync(route.Method, twin, body)));
                    checkedCalls++;
                }
            }
        }

        Assert.True(checkedCalls > 200, $"only {checkedCalls} calls were made");

        // Outside the workspace routes: an invite naming their workspace, their API key, their session.
        var ownerKey = (await (await owner.PostAsync("/v1/me/api-keys", new { name = "theirs", expiresIn = "30d" })).JsonObjectAsync()).Id();
        var ownerSession = (await owner.GetNodeAsync("/v1/me/sessions"))!.AsArray()[0]!.Id();
        var secret = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        foreach (var client in new[] { outsider, withKey })
        {
            foreach (var (method, real, random) in new[]
                     {
                         (HttpMethod.Post, $"/v1/invites/inv_{theirs:N}_{secret}/accept", $"/v1/invites/inv_{Guid.NewGuid():N}_{secret}/accept"),
                         (HttpMethod.Delete, $"/v1/me/api-keys/{ownerKey}", $"/v1/me/api-keys/{Guid.NewGuid()}"),
                         (HttpMethod.Delete, $"/v1/me/sessions/{ownerSession}", $"/v1/me/sessions/{Guid.NewGuid()}"),
                     })
            {
                var answer = await AnswerAsync(await client.SendAsync(method, real));
                Assert.Equal(answer, await AnswerAsync(await client.SendAsync(method, random)));
                Assert.DoesNotContain("\"status\":2", answer, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await SnapshotAsync(owner, theirs, ids, proposal));
        Assert.Null(Assert.Single((await owner.GetNodeAsync("/v1/me/api-keys"))!.AsArray(), k => k!.Id() == ownerKey)!["revokedAt"]);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/v1/me")).StatusCode);
    }

    /// <summary>Status and body, with the one part that differs per request (the problem's trace id) taken out.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length > 0 && JsonNode.Parse(body) is JsonObject problem)
        {
            problem.Remove("traceId");
            body = problem.ToJsonString();
        }

        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body}";
    }

    /// <summary>A random share token shaped like <paramref name="token"/>.</summary>
    private static string RandomLike(string token)
        => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(token.Length))[..token.Length];

    private static object BodyFor(WorkspaceRoutes route)
        => route.Pattern.EndsWith("/comments", StringComparison.Ordinal) ? new { body = "hijacked" }
            : route.Pattern.EndsWith("/proposals/", StringComparison.Ordinal) || route.Pattern.EndsWith("/proposals", StringComparison.Ordinal) ? new { title = "hijacked" }
            : route.Pattern.EndsWith("/classification-policy", StringComparison.Ordinal) ? new { restricted = "viewer" }
            : route.Pattern.EndsWith("/shares/", StringComparison.Ordinal) || route.Pattern.EndsWith("/shares", StringComparison.Ordinal) ? new { kind = "applications", id = Guid.NewGuid() }
            : KindOf(route) is not null ? new { name = "hijacked" }
            : route.SampleBody;

    private static string? KindOf(WorkspaceRoutes route)
    {
        var segment = route.Pattern["/v1/workspaces/{ws}/".Length..].Split('/')[0];
        return Albumi.Grains.Catalog.EntityKinds.TryFind(segment, out _) ? segment : null;
    }

    private static async Task<Dictionary<string, Guid>> SeedEveryKindAsync(AccountClient owner, Guid ws)
    {
        var ids = new Dictionary<string, Guid>();
        ids["organisations"] = (await owner.CreateEntityAsync(ws, "organisations", new { name = "HQ" })).Id();
        ids["capabilities"] = (await owner.CreateEntityAsync(ws, "capabilities", new { name = "Sell" })).Id();
        ids["applications"] = (await owner.CreateEntityAsync(ws, "applications", new { name = "Shop", organisationId = ids["organisations"] })).Id();
        var other = (await owner.CreateEntityAsync(ws, "applications", new { name = "ERP" })).Id();
        ids["integrations"] = (await owner.CreateEntityAsync(ws, "integrations", new { name = "orders", sourceApplicationId = ids["applications"], targetApplicationId = other })).Id();
        ids["interfaces"] = (await owner.CreateEntityAsync(ws, "interfaces", new { name = "REST", integrationId = ids["integrations"], endpoint = "https://erp.internal/orders" })).Id();
        ids["data-objects"] = (await owner.CreateEntityAsync(ws, "data-objects", new { name = "Order", piiFlag = true })).Id();
        ids["it-components"] = (await owner.CreateEntityAsync(ws, "it-components", new { name = "Postgres" })).Id();
        ids["initiatives"] = (await owner.CreateEntityAsync(ws, "initiatives", new { name = "Cloud move" })).Id();
        ids["albums"] = (await owner.CreateEntityAsync(ws, "albums", new { name = "Core", items = new[] { new { kind = "applications", id = ids["applications"] } } })).Id();
        foreach (var (kind, id) in ids)
        {
            Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync($"/v1/workspaces/{ws}/{kind}/{id}/comments", new { body = "ours" })).StatusCode);
        }

        return ids;
    }

    private static async Task<string> SnapshotAsync(AccountClient owner, Guid ws, Dictionary<string, Guid> ids, Guid proposal)
    {
        var snapshot = new JsonObject();
        foreach (var (kind, id) in ids)
        {
            snapshot[kind] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/{kind}/{id}");
            snapshot[kind + "/comments"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/{kind}/{id}/comments");
        }

        snapshot["activity"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity?limit=200");
        snapshot["proposal"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/proposals/{proposal}");
        snapshot["policy"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/classification-policy");
        snapshot["members"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/members");
        snapshot["shares"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/shares");
        snapshot["workspace"] = JsonNode.Parse(await (await owner.GetAsync($"/v1/workspaces/{ws}")).Content.ReadAsStringAsync());
        return snapshot.ToJsonString();
    }
}
