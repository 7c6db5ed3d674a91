using System.Net;
using System.Text.Json.Nodes;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;

namespace Albumi.Tests.Catalog;

public sealed class ProposalTests() : WebNodesTest
{
    [Fact]
    public async Task DraftChangesAreInvisibleOnTheMainlineUntilTheMergeAppliesThemAllWithOneMainlineEntry()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var crm = await owner.CreateEntityAsync(ws, "applications", new { name = "CRM" });
        var legacy = await owner.CreateEntityAsync(ws, "applications", new { name = "Legacy" });
        var proposal = await OpenAsync(owner, ws, "Q3 clean-up");

        var drafted = await owner.CreateEntityAsync(ws, "applications", new { name = "Data lake" }, proposal);
        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}?proposal={proposal}", new { soxRelevant = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/applications/{legacy.Id()}?proposal={proposal}")).StatusCode);

        var mainline = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications"))["items"]!.AsArray();
        Assert.Equal(["CRM", "Legacy"], mainline.Select(e => e!.Text("name")));
        Assert.False((await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}"))["soxRelevant"]!.GetValue<bool>());
        Assert.True((await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}?proposal={proposal}"))["soxRelevant"]!.GetValue<bool>());
        var draftActivity = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity?proposal={proposal}")).AsArray();
        Assert.Equal(3, draftActivity.Count);
        Assert.All(draftActivity, a => Assert.False(a!["isMainline"]!.GetValue<bool>()));
        var feedBefore = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity")).AsArray().Count;

        var merge = await owner.PostAsync($"/v1/workspaces/{ws}/proposals/{proposal}/merge");

        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        Assert.Equal("merged", (await merge.JsonObjectAsync()).Text("status"));
        var after = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications"))["items"]!.AsArray();
        Assert.Equal(["CRM", "Data lake"], after.Select(e => e!.Text("name")));
        Assert.Equal(drafted.Id(), after[1]!.Id());
        Assert.True(after[0]!["soxRelevant"]!.GetValue<bool>());
        var feed = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity")).AsArray();
        Assert.Equal(feedBefore + 1, feed.Count);
        Assert.Equal("proposal_merged", feed[0]!.Text("changeType"));
        Assert.Equal($"/v1/workspaces/{ws}/proposals/{proposal}", feed[0]!.Text("diffUrl"));
        var crmHistory = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}/activity")).AsArray();
        Assert.Equal("proposal_merged", crmHistory[0]!.Text("changeType"));
        var part = Assert.Single(crmHistory[0]!["changes"]!.AsArray());
        Assert.Contains(part!["changes"]!.AsArray(), c => c!.Text("field") == "soxRelevant" && c!["after"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync($"/v1/workspaces/{ws}/proposals/{proposal}/merge")).StatusCode);

        // The merge deleted Legacy: like a mainline delete, that schedules the purge after the retention period.
        await using var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var reminder = new Npgsql.NpgsqlCommand("SELECT count(*) FROM OrleansRemindersTable WHERE ReminderName = 'purge-entities' AND GrainId LIKE '%' || $1", connection)
        {
            Parameters = { new() { Value = ws.ToString("N") } },
        };
        Assert.Equal(1L, await reminder.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AConflictingMainlineChangeIsReportedAndTheMergeWritesNothing()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var crm = await owner.CreateEntityAsync(ws, "applications", new { name = "CRM", description = "old" });
        var proposal = await OpenAsync(owner, ws, "rename");
        await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}?proposal={proposal}", new { name = "Customer hub" });
        await owner.CreateEntityAsync(ws, "applications", new { name = "New in draft" }, proposal);

        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}", new { name = "CRM Cloud", description = "new" })).StatusCode);
        var merge = await owner.PostAsync($"/v1/workspaces/{ws}/proposals/{proposal}/merge");

        Assert.Equal(HttpStatusCode.Conflict, merge.StatusCode);
        var problem = await merge.JsonObjectAsync();
        Assert.EndsWith("/proposal-conflict", problem.Text("type"));
        var conflict = Assert.Single(problem["conflicts"]!.AsArray());
        Assert.Equal("name", conflict!.Text("field"));
        Assert.Equal("CRM", conflict.Text("base"));
        Assert.Equal("CRM Cloud", conflict.Text("mainline"));
        Assert.Equal("Customer hub", conflict.Text("proposed"));
        Assert.Equal("CRM Cloud", (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}")).Text("name"));
        Assert.Single((await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications"))["items"]!.AsArray());
        Assert.Equal("draft", (await owner.GetNodeAsync($"/v1/workspaces/{ws}/proposals/{proposal}")).Text("status"));
    }

    [Fact]
    public async Task AMainlineChangeToAnotherFieldDoesNotConflictAndADiscardedDraftTakesNoMoreChanges()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var crm = await owner.CreateEntityAsync(ws, "applications", new { name = "CRM" });
        var merged = await OpenAsync(owner, ws, "flags");
        await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}?proposal={merged}", new { gdprRelevant = true });
        await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}", new { description = "edited meanwhile" });
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/v1/workspaces/{ws}/proposals/{merged}/merge")).StatusCode);
        var now = await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}");
        Assert.True(now["gdprRelevant"]!.GetValue<bool>());
        Assert.Equal("edited meanwhile", now.Text("description"));

        var discarded = await OpenAsync(owner, ws, "abandoned");
        await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}?proposal={discarded}", new { name = "never" });
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/v1/workspaces/{ws}/proposals/{discarded}/discard")).StatusCode);
        var late = await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}?proposal={discarded}", new { name = "still never" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.EndsWith("/proposal-closed", await late.ProblemTypeAsync());
        Assert.Equal("CRM", (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{crm.Id()}")).Text("name"));
    }

    private static async Task<Guid> OpenAsync(Identity.AccountClient owner, Guid ws, string title)
    {
        var response = await owner.PostAsync($"/v1/workspaces/{ws}/proposals", new { title });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonObjectAsync()).Id();
    }
}
