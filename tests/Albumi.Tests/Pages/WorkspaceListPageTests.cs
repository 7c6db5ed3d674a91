using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// <c>/workspaces</c>: the caller's workspaces with their role, a new one created, and the deleted ones they own listed
/// with their purge date and restored from there; nobody else's deleted workspace is ever listed or restorable.
/// </summary>
public sealed class WorkspaceListPageTests(WorkspaceSetup.SharedSession shared) : IClassFixture<WorkspaceSetup.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;

    [Fact]
    public async Task AnOwnerCreatesAWorkspaceDeletesItFindsItUnderDeletedWorkspacesWithItsPurgeDateAndRestoresIt()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await WorkspaceSetup.SignUpAsync(page, "Olive Owner");
        await Assertions.Expect(page.Locator("p.empty").First).ToContainTextAsync("You are not in any workspace yet");
        await Assertions.Expect(page.Locator("#no-deleted-workspaces")).ToBeVisibleAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "workspaces-empty");

        await page.GetByLabel("Name").FillAsync("Orchard");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Created Orchard.");
        var row = page.Locator("ul.workspaces li", new() { HasText = "Orchard" });
        await Assertions.Expect(row.Locator(".role")).ToHaveTextAsync("owner");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "workspaces-created");

        await row.GetByRole(AriaRole.Link, new() { Name = "Orchard" }).ClickAsync();
        var ws = new Uri(page.Url).AbsolutePath.Split('/')[2];
        await page.GotoAsync($"/workspaces/{ws}/settings");
        await page.GetByLabel("Type the workspace's name to confirm").FillAsync("Orchard");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete workspace" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.deleted")).ToContainTextAsync("erased for good after");

        // Gone from the list, but not from the page: it waits under "Deleted workspaces" with the date it is erased.
        await page.GotoAsync("/workspaces");
        await Assertions.Expect(page.Locator("ul.workspaces")).ToHaveCountAsync(0);
        var deleted = page.Locator("ul.deleted-workspaces li");
        await Assertions.Expect(deleted).ToHaveCountAsync(1);
        await Assertions.Expect(deleted).ToContainTextAsync("Orchard");
        var deletedAt = DateTimeOffset.Parse((await deleted.Locator("time").First.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture);
        var purgeAfter = DateTimeOffset.Parse((await deleted.Locator("time").Last.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(30), purgeAfter - deletedAt);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "workspaces-deleted");

        await deleted.GetByRole(AriaRole.Button, new() { Name = "Restore Orchard" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Restored Orchard");
        await Assertions.Expect(page.Locator("ul.workspaces li")).ToContainTextAsync("Orchard");
        await Assertions.Expect(page.Locator("ul.deleted-workspaces")).ToHaveCountAsync(0);
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).Status);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "workspaces-restored");
        Assert.Empty(json);
    }

    [Fact]
    public async Task AnAdminOfADeletedWorkspaceNeitherSeesItAmongDeletedWorkspacesNorRestoresItAndAStrangerGetsNotFound()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Kept Away");
        var admin = await _session.NewPageAsync();
        await WorkspaceSetup.JoinAsync(owner, admin, ws, "admin", "Ada Admin");
        Assert.Equal(202, (await owner.Context.APIRequest.DeleteAsync($"/v1/workspaces/{ws}", new() { Headers = WorkspaceSetup.Origin(owner) })).Status);

        var json = PersonChecks.WatchForJson(admin);
        await admin.GotoAsync("/workspaces");
        await Assertions.Expect(admin.Locator("#no-deleted-workspaces")).ToBeVisibleAsync();
        Assert.DoesNotContain("Kept Away", await admin.ContentAsync(), StringComparison.Ordinal);
        var settings = await admin.GotoAsync($"/workspaces/{ws}/settings");
        Assert.Equal(404, settings!.Status);
        await PersonChecks.ShowsAPageAsync(admin);
        Assert.Empty(json);

        // The attack: the restore form's request made by hand. An admin may not restore (403); a stranger learns nothing (404).
        await admin.GotoAsync("/workspaces");
        Assert.Equal(403, (await admin.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/restore", new() { Headers = WorkspaceSetup.Origin(admin) })).Status);
        var stranger = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(stranger, "Sam Stranger");
        Assert.Equal(404, (await stranger.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/restore", new() { Headers = WorkspaceSetup.Origin(stranger) })).Status);
        Assert.DoesNotContain("Kept Away", await stranger.ContentAsync(), StringComparison.Ordinal);

        await owner.GotoAsync("/workspaces");
        await Assertions.Expect(owner.Locator("ul.deleted-workspaces li", new() { HasText = "Kept Away" })).ToHaveCountAsync(1);
        Assert.Equal(404, (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).Status);
    }
}
