using System.Net;
using System.Text.Json.Nodes;
using Albumi.Tests.Catalog;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Lifecycle;

public sealed class WorkspaceDeletionTests() : WebNodesTest
{
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Lifecycle:WorkspaceGracePeriod"] = "00:00:02",
        ["Albumi:Lifecycle:EntityRetention"] = "00:00:02",
    };

    [Fact]
    public async Task APurgeWhoseAuditFailedIsAuditedOnceWhenItsReminderFiresAgain()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Unaudited")).Id;
        await owner.CreateEntityAsync(ws, "applications", new { name = "Gone" });
        await using var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString);

        Assert.Equal(HttpStatusCode.Accepted, (await owner.DeleteAsync($"/v1/workspaces/{ws}")).StatusCode);

        // Within the grace period the audit log starts refusing writes, as if the node stopped between the last batch and the audit event.
        await ExecuteAsync(connection, $"REVOKE INSERT ON audit.security_events FROM {Database.AuditRole}");
        await Eventually.TrueAsync(async () => (await WorkspaceRows.LeftOverAsync(Database, ws)).Count == 0, TimeSpan.FromSeconds(15), "the grace period ends and the purge runs");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Null(await WorkspaceRows.PurgeAuditAsync(Database, ws));

        await ExecuteAsync(connection, $"GRANT INSERT ON audit.security_events TO {Database.AuditRole}");
        await Eventually.TrueAsync(async () => await WorkspaceRows.PurgeAuditAsync(Database, ws) is not null, TimeSpan.FromSeconds(10), "the repeated reminder audits the purge");
        await Eventually.TrueAsync(async () => await ScalarAsync(connection, "SELECT audited_at IS NOT NULL FROM workspace_purges WHERE purged_workspace = $1", ws) is true, TimeSpan.FromSeconds(5), "the audit is recorded");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit.security_events WHERE event_type = 1402 AND workspace_id = $1", ws));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM OrleansRemindersTable WHERE ReminderName = 'purge' AND GrainId LIKE '%' || replace($1::text, '-', '')", ws));
    }

    private static async Task ExecuteAsync(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(Npgsql.NpgsqlConnection connection, string sql, Guid ws)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection) { Parameters = { new() { Value = ws } } };
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task ASoftDeletedWorkspaceAnswers404ButToRestoreAndItsAuditAndARestoreBringsEverythingBack()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Doomed")).Id;
        var (editor, _) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Kept" });
        await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "still here" });
        var before = await SnapshotAsync(owner, ws, app.Id());

        var deleted = await owner.DeleteAsync($"/v1/workspaces/{ws}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var body = await deleted.JsonObjectAsync();
        Assert.True(DateTimeOffset.Parse(body.Text("purgeAfter"), System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(body.Text("deletedAt"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain((await owner.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces")), w => w.Id == ws);
        Assert.DoesNotContain((await editor.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces")), w => w.Id == ws);
        foreach (var path in new[] { "", "/members", "/applications", $"/applications/{app.Id()}", "/activity" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/v1/workspaces/{ws}{path}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{app.Id()}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync($"/v1/workspaces/{ws}/restore")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignedInAsync()).PostAsync($"/v1/workspaces/{ws}/restore")).StatusCode);
        Assert.Contains("workspace-deleted", (await owner.GetNodeAsync($"/v1/workspaces/{ws}/audit")).ToJsonString(), StringComparison.Ordinal);

        var restored = await owner.PostAsync($"/v1/workspaces/{ws}/restore");

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(before, await SnapshotAsync(owner, ws, app.Id()));
        Assert.Contains(await editor.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces"), w => w.Id == ws);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(before, await SnapshotAsync(owner, ws, app.Id()));
    }

    [Fact]
    public async Task AfterTheGracePeriodEveryRowIsGoneAndRestoreIsRefused()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Gone")).Id;
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Forgotten" });
        await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "bye" });
        Assert.Equal(HttpStatusCode.Accepted, (await owner.DeleteAsync($"/v1/workspaces/{ws}")).StatusCode);

        await Eventually.TrueAsync(async () => await WorkspaceRows.PurgeAuditAsync(Database, ws) is not null, TimeSpan.FromSeconds(30), "the purge finishes and is audited");

        Assert.Empty(await WorkspaceRows.LeftOverAsync(Database, ws));
        var restore = await owner.PostAsync($"/v1/workspaces/{ws}/restore");
        Assert.Equal(HttpStatusCode.NotFound, restore.StatusCode);
        var purged = await WorkspaceRows.PurgeAuditAsync(Database, ws);
        Assert.NotNull(purged);
        Assert.True(int.Parse(purged["total"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= 4, purged.ToJsonString());
    }

    [Fact]
    public async Task ASoftDeletedEntityIsPurgedWithItsCommentsAndHistoryAfterTheRetentionAndARestoredOneIsKept()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var doomed = await owner.CreateEntityAsync(ws, "applications", new { name = "Old" });
        var kept = await owner.CreateEntityAsync(ws, "applications", new { name = "Back" });
        await owner.PostAsync($"/v1/workspaces/{ws}/applications/{doomed.Id()}/comments", new { body = "to be forgotten" });
        await owner.DeleteAsync($"/v1/workspaces/{ws}/applications/{doomed.Id()}");
        await owner.DeleteAsync($"/v1/workspaces/{ws}/applications/{kept.Id()}");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/v1/workspaces/{ws}/applications/{kept.Id()}/restore")).StatusCode);

        await Eventually.TrueAsync(async () => await RowsAboutAsync(doomed.Id()) == 0, TimeSpan.FromSeconds(30), "the deleted entity is purged");

        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/v1/workspaces/{ws}/applications/{doomed.Id()}/restore")).StatusCode);
        Assert.Equal("Back", (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{kept.Id()}")).Text("name"));
        Assert.True(await RowsAboutAsync(kept.Id()) > 0);
    }

    /// <summary>Rows of the entity itself, its comments and its activity, counted as the owner.</summary>
    private async Task<long> RowsAboutAsync(Guid entity)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT (SELECT count(*) FROM entities WHERE id = $1) + (SELECT count(*) FROM comments WHERE entity_id = $1)
                 + (SELECT count(*) FROM activity WHERE entity_id = $1)
            """, connection);
        command.Parameters.AddWithValue(entity);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> SnapshotAsync(Identity.AccountClient owner, Guid ws, Guid app)
    {
        var snapshot = new JsonObject
        {
            ["app"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{app}"),
            ["comments"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{app}/comments"),
            ["activity"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity"),
            ["members"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/members"),
        };
        return snapshot.ToJsonString();
    }
}
