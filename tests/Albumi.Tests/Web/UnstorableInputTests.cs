using System.Net;
using System.Text.Json.Nodes;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Problems;
using Albumi.Web.Workspaces;
using Npgsql;

namespace Albumi.Tests.Web;

/// <summary>Input PostgreSQL would refuse (NUL, unpaired surrogates, times with an offset) is answered at the edge: 400 naming the field, never 500.</summary>
public sealed class UnstorableInputTests() : WebNodesTest
{
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Auth:SignInAttemptsPerAccount"] = "5",
    };

    [Fact]
    public async Task AuditTimesWithAnyOffsetAreComparedAsInstants()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var latest = (await owner.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{ws}/audit"))[0].Event.OccurredAt;

        string At(TimeSpan shift, TimeSpan offset) => Uri.EscapeDataString((latest + shift).ToOffset(offset).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture));
        var plusTwo = TimeSpan.FromHours(2);
        var minusFive = TimeSpan.FromHours(-5);

        var around = await owner.GetJsonAsync<List<WorkspaceAuditEventResponse>>(
            $"/v1/workspaces/{ws}/audit?from={At(TimeSpan.FromMinutes(-1), plusTwo)}&to={At(TimeSpan.FromMinutes(1), minusFive)}");
        Assert.Contains(around, e => e.Event.OccurredAt == latest);
        var after = await owner.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{ws}/audit?from={At(TimeSpan.FromMinutes(1), plusTwo)}");
        Assert.Empty(after);
        var before = await owner.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{ws}/audit?to={At(TimeSpan.FromMinutes(-1), minusFive)}");
        Assert.DoesNotContain(before, e => e.Event.OccurredAt == latest);
    }

    [Fact]
    public async Task ASignInWithUnstorableTextIsRefusedAfterTheThrottleAndAuditedAsAFailure()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var withNul = """{"email":"ada\u0000@example.test","password":"whatever"}""";

        var first = await client.SendJsonTextAsync(HttpMethod.Post, "/auth/password/signin", withNul);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Contains("email", await FieldsAsync(first));
        var surrogate = await client.SendJsonTextAsync(HttpMethod.Post, "/auth/password/signin", """{"email":"ada\ud800@example.test","password":"whatever"}""");
        Assert.Equal(HttpStatusCode.BadRequest, surrogate.StatusCode);
        Assert.Contains("email", await FieldsAsync(surrogate));

        // Throttled like any attempt at that email: five per window, then 429.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.SendJsonTextAsync(HttpMethod.Post, "/auth/password/signin", withNul)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var audited = new NpgsqlCommand(
            "SELECT count(*) FROM audit.security_events WHERE reason = 'invalid input' AND outcome = 'failure' AND account_id IS NULL", owner);
        Assert.True((long)(await audited.ExecuteScalarAsync())! >= 5);
    }

    [Fact]
    public async Task TextPostgresCannotStoreAnswers400NamingTheFieldAndChangesNothing()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var entity = (await owner.CreateEntityAsync(ws, "applications", new { name = "Shop" })).Id();
        var before = await Snapshot(owner, ws);

        // A typed body (bound by the framework), in every way JSON can carry it.
        await AssertRefusedAsync(await owner.PostAsync("/v1/workspaces", new { name = "Acme\0" }), "name");
        await AssertRefusedAsync(await owner.SendJsonTextAsync(HttpMethod.Post, "/v1/workspaces", """{"name":"Acme\ud800"}"""), "name");
        await AssertRefusedAsync(await owner.SendJsonTextAsync(HttpMethod.Post, "/v1/workspaces", """{"name":"Acme\udc00x"}"""), "name");
        await AssertRefusedAsync(await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { name = "Acme\0" }), "name");
        await AssertRefusedAsync(await owner.PostAsync($"/v1/workspaces/{ws}/invites", new { email = "a\0@example.test", role = "viewer" }), "email");

        // A body the catalogue reads itself, nested fields included.
        await AssertRefusedAsync(await owner.PostAsync($"/v1/workspaces/{ws}/applications", new { name = "Shop\0" }), "name");
        await AssertRefusedAsync(await owner.SendJsonTextAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/applications/{entity}", """{"description":"x\ud83d"}"""), "description");
        await AssertRefusedAsync(await owner.PostAsync($"/v1/workspaces/{ws}/applications/{entity}/comments", new { body = "hi\0" }), "body");
        await AssertRefusedAsync(await owner.PostAsync($"/v1/workspaces/{ws}/proposals", new { title = "t\0" }), "title");

        // The query string and an import. (A NUL in the path never reaches the app: the server refuses to decode it.)
        await AssertRefusedAsync(await owner.GetAsync($"/v1/workspaces/{ws}/applications?cursor=%00"), "cursor");
        await AssertRefusedAsync(await owner.GetAsync($"/v1/workspaces/{ws}/audit?type=sign-in%00"), "type");
        var import = """{"format":"albumi.workspace-export","version":1,"workspace":{"name":"Imported\u0000"},"members":[],"entities":[],"comments":[]}""";
        await AssertRefusedAsync(await owner.SendJsonTextAsync(HttpMethod.Post, "/v1/workspaces/import", import), "workspace.name");

        Assert.Equal(before, await Snapshot(owner, ws));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {response.StatusCode}: {body}");
        Assert.Equal(ProblemTypes.Validation, await response.ProblemTypeAsync());
        Assert.Contains(field, await FieldsAsync(response));
    }

    private static async Task<IReadOnlyList<string>> FieldsAsync(HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key).ToList();

    private static async Task<string> Snapshot(AccountClient owner, Guid ws)
        => (await owner.GetNodeAsync("/v1/workspaces")).ToJsonString() + (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications")).ToJsonString()
            + (await owner.GetNodeAsync($"/v1/workspaces/{ws}/members")).ToJsonString() + (await owner.GetNodeAsync($"/v1/workspaces/{ws}/proposals")).ToJsonString();
}
