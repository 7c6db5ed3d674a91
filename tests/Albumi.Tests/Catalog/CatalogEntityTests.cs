using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;

namespace Albumi.Tests.Catalog;

public sealed class CatalogEntityTests() : WebNodesTest
{
    [Fact]
    public async Task AnEntityIsCreatedReadChangedDeletedAndRestoredWithAFieldLevelActivityTrail()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;

        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Billing", gdprRelevant = true });
        Assert.Equal(1, app["version"]!.GetValue<int>());
        Assert.False(app["soxRelevant"]!.GetValue<bool>());
        Assert.Equal("active", app.Text("status"));
        var path = $"/v1/workspaces/{ws}/applications/{app.Id()}";

        var changed = await owner.PatchAsync(path, new { name = "Billing 2", status = "phasing-out" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag!.Tag);
        Assert.Equal("Billing 2", (await owner.GetNodeAsync(path)).Text("name"));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(path)).StatusCode);
        var list = await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications");
        Assert.DoesNotContain(list["items"]!.AsArray(), e => e!.Id() == app.Id());

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync(path + "/restore")).StatusCode);
        var activity = (await owner.GetNodeAsync(path + "/activity")).AsArray();
        Assert.Equal(["restored", "deleted", "status_changed", "created"], activity.Select(a => a!.Text("changeType")));
        var diff = activity[2]!["changes"]!.AsArray();
        Assert.Contains(diff, c => c!.Text("field") == "name" && c!.Text("before") == "Billing" && c!.Text("after") == "Billing 2");
        Assert.Contains(diff, c => c!.Text("field") == "status" && c!.Text("before") == "active" && c!.Text("after") == "phasing-out");
        Assert.All(activity, a => Assert.True(a!["isMainline"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task AStaleIfMatchAnswers412AndChangesNothing()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "CRM" });
        var path = $"/v1/workspaces/{ws}/applications/{app.Id()}";
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, path, new { name = "CRM v2" }, headers: new Dictionary<string, string> { ["If-Match"] = "\"1\"" })).StatusCode);

        var stale = await owner.SendAsync(HttpMethod.Patch, path, new { name = "lost update" }, headers: new Dictionary<string, string> { ["If-Match"] = "\"1\"" });
        var staleDelete = await owner.SendAsync(HttpMethod.Delete, path, headers: new Dictionary<string, string> { ["If-Match"] = "\"1\"" });

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.EndsWith("/version-conflict", await stale.ProblemTypeAsync());
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        var now = await owner.GetNodeAsync(path);
        Assert.Equal("CRM v2", now.Text("name"));
        Assert.Equal(2, now["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("applications", """{"name":"x","colour":"red"}""", "colour")]
    [InlineData("applications", """{"name":"x","gdprRelevant":"yes"}""", "gdprRelevant")]
    [InlineData("applications", """{"name":"x","id":"6f1c1a3e-8f4b-4b5e-9d2a-0c1e2f3a4b5c"}""", "id")]
    [InlineData("applications", """{"gdprRelevant":true}""", "name")]
    [InlineData("applications", """{"name":"x","status":"dead"}""", "status")]
    [InlineData("applications", """{"name":"x","organisationId":"not-an-id"}""", "organisationId")]
    [InlineData("applications", """{"name":"x","organisationId":"6f1c1a3e-8f4b-4b5e-9d2a-0c1e2f3a4b5c"}""", "organisationId")]
    [InlineData("applications", """{"name":"x","assigneeId":"6f1c1a3e-8f4b-4b5e-9d2a-0c1e2f3a4b5c"}""", "assigneeId")]
    [InlineData("data-objects", """{"name":"x","classification":"secret"}""", "classification")]
    [InlineData("it-components", """{"name":"x","endOfLife":"31/12/2030"}""", "endOfLife")]
    [InlineData("initiatives", """{"name":"x","startDate":"2030-01-02","endDate":"2030-01-01"}""", "endDate")]
    [InlineData("albums", """{"name":"x","items":[{"kind":"spaceships","id":"6f1c1a3e-8f4b-4b5e-9d2a-0c1e2f3a4b5c"}]}""", "items[0].kind")]
    [InlineData("albums", """{"name":"x","items":[{"kind":"applications","id":"6f1c1a3e-8f4b-4b5e-9d2a-0c1e2f3a4b5c"}]}""", "items[0].id")]
    [InlineData("applications", "[1,2]", "$")]
    public async Task BadInputAnswers400NamingTheFieldAndWritesNothing(string kind, string body, string field)
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;

        var response = await owner.Http.SendAsync(Raw(owner, HttpMethod.Post, $"/v1/workspaces/{ws}/{kind}", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonObjectAsync();
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"errors do not name {field}: {problem.ToJsonString()}");
        Assert.Empty((await owner.GetNodeAsync($"/v1/workspaces/{ws}/{kind}"))["items"]!.AsArray());
        Assert.Empty((await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity")).AsArray());
    }

    [Fact]
    public async Task ErrorsNameTheKindWithItsArticle()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;

        var application = await owner.Http.SendAsync(Raw(owner, HttpMethod.Post, $"/v1/workspaces/{ws}/applications", """{"name":"x","colour":"red"}"""));
        var capability = await owner.Http.SendAsync(Raw(owner, HttpMethod.Post, $"/v1/workspaces/{ws}/capabilities", """{"name":"x","colour":"red"}"""));
        var integration = await owner.Http.SendAsync(Raw(owner, HttpMethod.Post, $"/v1/workspaces/{ws}/integrations", "[1,2]"));

        Assert.Equal("An application has no field colour.", (await application.JsonObjectAsync())["errors"]!["colour"]![0]!.GetValue<string>());
        Assert.Equal("A capability has no field colour.", (await capability.JsonObjectAsync())["errors"]!["colour"]![0]!.GetValue<string>());
        Assert.Equal("The body must be a JSON object with the fields of an integration.", (await integration.JsonObjectAsync())["errors"]!["$"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task NamesOverTheLimitSelfReferencesCyclesMalformedAndOversizedBodiesAreRefused()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var billing = await owner.CreateEntityAsync(ws, "applications", new { name = "Billing" });
        var root = await owner.CreateEntityAsync(ws, "capabilities", new { name = "Finance" });
        var child = await owner.CreateEntityAsync(ws, "capabilities", new { name = "Invoicing", parentId = root.Id() });

        var tooLong = await owner.PostAsync($"/v1/workspaces/{ws}/applications", new { name = new string('x', 201) });
        var selfIntegration = await owner.PostAsync($"/v1/workspaces/{ws}/integrations", new { name = "loop", sourceApplicationId = billing.Id(), targetApplicationId = billing.Id() });
        var cycle = await owner.PatchAsync($"/v1/workspaces/{ws}/capabilities/{root.Id()}", new { parentId = child.Id() });
        var ownParent = await owner.PatchAsync($"/v1/workspaces/{ws}/capabilities/{root.Id()}", new { parentId = root.Id() });
        var malformed = await owner.Http.SendAsync(Raw(owner, HttpMethod.Post, $"/v1/workspaces/{ws}/applications", "{\"name\":"));
        var huge = await owner.Http.SendAsync(Raw(owner, HttpMethod.Post, $"/v1/workspaces/{ws}/applications", $"{{\"name\":\"x\",\"description\":\"{new string('y', 300_000)}\"}}"));

        await AssertFieldErrorAsync(tooLong, "name");
        await AssertFieldErrorAsync(selfIntegration, "targetApplicationId");
        await AssertFieldErrorAsync(cycle, "parentId");
        await AssertFieldErrorAsync(ownParent, "parentId");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.EndsWith("/body-too-large", await huge.ProblemTypeAsync());
        Assert.Single((await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications"))["items"]!.AsArray());
        Assert.Null((await owner.GetNodeAsync($"/v1/workspaces/{ws}/capabilities/{root.Id()}"))["parentId"]);
    }

    [Fact]
    public async Task PagingWalksEveryLiveEntityOnceInCreationOrder()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var created = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            created.Add((await owner.CreateEntityAsync(ws, "it-components", new { name = $"server {i}" })).Id());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/it-components/{created[5]}")).StatusCode);
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await owner.GetNodeAsync($"/v1/workspaces/{ws}/it-components?limit=10{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page["items"]!.AsArray().Select(e => e!.Id()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(created.Where((_, i) => i != 5), seen);
        Assert.Equal(3, pages);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/v1/workspaces/{ws}/it-components?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/v1/workspaces/{ws}/it-components?cursor=%%%")).StatusCode);
    }

    [Fact]
    public async Task MentionsAndAssignmentsNotifyTheMemberAndSecretsNeverReachTheActivityLog()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (editor, editorId) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Payments", assigneeId = editorId });
        var source = await owner.CreateEntityAsync(ws, "applications", new { name = "Shop" });
        var integration = await owner.CreateEntityAsync(ws, "integrations", new { name = "orders", sourceApplicationId = source.Id(), targetApplicationId = app.Id() });
        var api = await owner.CreateEntityAsync(ws, "interfaces", new { name = "orders API", integrationId = integration.Id(), authentication = "client secret s3cr3t-value" });
        await owner.PatchAsync($"/v1/workspaces/{ws}/interfaces/{api.Id()}", new { authentication = "rotated s3cr3t-value-2" });

        var comment = await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "Please review", mentions = new[] { editorId } });
        var strangerMention = await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "hi", mentions = new[] { Guid.NewGuid() } });

        Assert.Equal(HttpStatusCode.Created, comment.StatusCode);
        await AssertFieldErrorAsync(strangerMention, "mentions[0]");
        var notifications = (await editor.GetNodeAsync($"/v1/workspaces/{ws}/notifications")).AsArray();
        Assert.Equal(["mentioned", "assigned"], notifications.Select(n => n!.Text("reason")));
        Assert.All(notifications, n => Assert.Equal(app.Id(), Guid.Parse(n!.Text("entityId"))));
        Assert.Empty((await owner.GetNodeAsync($"/v1/workspaces/{ws}/notifications")).AsArray());
        Assert.Single((await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments")).AsArray());
        var feed = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity?limit=200")).ToJsonString();
        Assert.DoesNotContain("s3cr3t", feed, StringComparison.Ordinal);
        Assert.Contains("\"redacted\":true", feed, StringComparison.Ordinal);
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonObjectAsync();
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"errors do not name {field}: {problem.ToJsonString()}");
    }

    private static HttpRequestMessage Raw(Identity.AccountClient client, HttpMethod method, string path, string json)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Cookie", $"{Albumi.Web.Auth.SessionCookie.PlainName}={client.SessionCookieValue}");
        request.Headers.Add("Origin", Identity.AccountClient.Origin);
        return request;
    }
}
