using System.Net;
using Albumi.Tests.Catalog;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Lifecycle;

public sealed class ResumablePurgeTests() : WebNodesTest(2)
{
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Lifecycle:WorkspaceGracePeriod"] = "00:00:01",
        ["Albumi:Lifecycle:PurgeBatchSize"] = "20",
        ["Albumi:Lifecycle:PurgeBatchPause"] = "00:00:00.020",
        ["Albumi:Lifecycle:ReminderPeriod"] = "00:00:01",
    };

    [Fact]
    public async Task AHardDeleteStoppedWithItsNodeIsFinishedByTheOtherNodeAndTouchesNoOtherTenant()
    {
        var owner = await SignedInAsync();
        var doomed = (await owner.CreateWorkspaceAsync("Doomed")).Id;
        var neighbour = (await owner.CreateWorkspaceAsync("Neighbour")).Id;
        foreach (var ws in new[] { doomed, neighbour })
        {
            var app = await owner.CreateEntityAsync(ws, "applications", new { name = "App" });
            await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "hello" });
        }

        await WorkspaceSeed.EntitiesAsync(Database.OwnerConnectionString, doomed, 1500);
        await WorkspaceSeed.EntitiesAsync(Database.OwnerConnectionString, neighbour, 100);
        var neighbourBefore = await WorkspaceRows.CountsAsync(Database, neighbour);

        Assert.Equal(HttpStatusCode.Accepted, (await owner.DeleteAsync($"/v1/workspaces/{doomed}")).StatusCode);
        await Eventually.TrueAsync(
            async () => await WorkspaceRows.PurgeCountsAsync(Database, doomed) is { Count: > 0 }, TimeSpan.FromSeconds(30), "the purge starts");
        var stopped = Nodes.Single(n => n.Logs.Entries.Any(e => e.EventId.Id == 5001 && e.Message.Contains(doomed.ToString(), StringComparison.Ordinal)));
        var survivor = Nodes.Single(n => n != stopped);
        await stopped.DisposeAsync();
        var leftWhenStopped = (await WorkspaceRows.CountsAsync(Database, doomed)).Values.Sum();

        await Eventually.TrueAsync(
            async () => await WorkspaceRows.PurgeAuditAsync(Database, doomed) is not null, TimeSpan.FromSeconds(60), "the other node finishes the purge and audits it");

        Assert.True(leftWhenStopped > 0, "the node was stopped after the purge had finished; nothing was resumed");
        Assert.Empty(await WorkspaceRows.LeftOverAsync(Database, doomed));
        Assert.Equal(neighbourBefore, await WorkspaceRows.CountsAsync(Database, neighbour));
        var audit = await WorkspaceRows.PurgeAuditAsync(Database, doomed);
        Assert.NotNull(audit);
        Assert.True(long.Parse(audit["total"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= 3000, audit.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await new Identity.AccountClient(survivor.CreateBareClient()) { SessionCookieValue = owner.SessionCookieValue }
            .GetAsync($"/v1/workspaces/{neighbour}/applications")).StatusCode);
    }
}
