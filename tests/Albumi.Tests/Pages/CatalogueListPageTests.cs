using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>A kind's list in the browser: paging both ways, filters, empty states that name the next step, and the deleted view.</summary>
public sealed class CatalogueListPageTests(CatalogueSteps.SharedSession shared) : IClassFixture<CatalogueSteps.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly CatalogueSteps _steps = new(shared.Session);

    [Fact]
    public async Task AListPagesForwardAndBackNarrowsByNameAndStatusAndEachEmptyListSaysWhatToDoNext()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await BrowserSession.SignUpAsync(page);
        var ws = await _steps.CreateWorkspaceAsync(page, "Listing");

        await page.GotoAsync($"/workspaces/{ws}/applications");
        await Assertions.Expect(page.Locator("p.empty")).ToHaveTextAsync("No applications yet. Add the first one below.");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "catalogue-list-empty");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add the first one" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-entity")).ToBeFocusedAsync();

        for (var i = 0; i < 53; i++)
        {
            await _steps.CreateAsync(page, ws, "applications", new { name = $"App {i:00}", status = i % 10 == 0 ? "retired" : "active" });
        }

        await page.GotoAsync($"/workspaces/{ws}/applications");
        var rows = page.Locator("ul.entities > li");
        await Assertions.Expect(rows).ToHaveCountAsync(50);
        await Assertions.Expect(rows.First).ToContainTextAsync("App 00");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Previous applications" })).ToHaveCountAsync(0);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "catalogue-list");
        await page.GetByRole(AriaRole.Link, new() { Name = "More applications" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.First).ToContainTextAsync("App 50");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "More applications" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Previous applications" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(50);
        await Assertions.Expect(rows.First).ToContainTextAsync("App 00");
        await Assertions.Expect(rows.Last).ToContainTextAsync("App 49");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Previous applications" })).ToHaveCountAsync(0);

        // A piece of the name in any case, then a status, each kept while paging; a wildcard is a character like any other.
        await page.GetByLabel("Search").FillAsync("app 0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await page.GetByLabel("Status").SelectOptionAsync("retired");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("App 00");
        await Assertions.Expect(page.GetByLabel("Search")).ToHaveValueAsync("app 0");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "catalogue-list-filtered");
        await page.GetByLabel("Search").FillAsync("%");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.empty")).ToContainTextAsync("No applications match these filters.");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "catalogue-list-no-match");
        await page.GetByRole(AriaRole.Link, new() { Name = "Clear the filters" }).First.ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(50);

        Assert.Equal(404, (await page.GotoAsync($"/workspaces/{ws}/applications?before=not-an-id"))!.Status);
        await PersonChecks.ShowsAPageAsync(page);
        Assert.Empty(json);
    }

    [Fact]
    public async Task ADeletedEntityIsAskedAboutListedUnderDeletedAndRestoredByAnEditorButNotByAViewer()
    {
        var owner = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(owner);
        await BrowserSession.SignUpAsync(owner);
        var ws = await _steps.CreateWorkspaceAsync(owner, "Bin");
        var id = await _steps.CreateAsync(owner, ws, "capabilities", new { name = "Invoicing" });
        var viewer = await _session.NewPageAsync();
        await _steps.JoinAsync(owner, viewer, ws, "viewer");

        // Declining the question deletes nothing.
        await owner.GotoAsync($"/workspaces/{ws}/capabilities/{id}");
        string? declined = null;
        void Decline(object? sender, IDialog dialog)
        {
            declined = dialog.Message;
            _ = dialog.DismissAsync();
        }

        owner.Dialog += Decline;
        await owner.GetByRole(AriaRole.Button, new() { Name = "Delete capability" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Delete capability" })).ToBeFocusedAsync();
        Assert.Equal("Delete Invoicing? Editors can restore it from the deleted capabilities until it is purged.", declined);
        await _steps.GetAsync(owner, $"/v1/workspaces/{ws}/capabilities/{id}");
        owner.Dialog -= Decline;

        var asked = CatalogueSteps.AcceptAsks(owner);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Delete capability" }).ClickAsync();
        await owner.WaitForURLAsync(new Regex($"/workspaces/{ws}/capabilities\\?done=deleted$"));
        Assert.NotNull(asked());
        await Assertions.Expect(owner.Locator("[role=status]")).ToContainTextAsync("A capability was deleted.");
        await Assertions.Expect(owner.Locator("p.empty")).ToContainTextAsync("No capabilities yet.");
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "catalogue-deleted-message");
        Assert.Equal(404, (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/capabilities/{id}")).Status);

        // A viewer finds it under Deleted but has no restore, and the API refuses theirs.
        await viewer.GotoAsync($"/workspaces/{ws}/capabilities");
        await viewer.GetByRole(AriaRole.Link, new() { Name = "Deleted capabilities" }).ClickAsync();
        await Assertions.Expect(viewer.Locator("ul.entities > li")).ToContainTextAsync("Invoicing");
        Assert.Equal(0, await viewer.Locator("[data-admin]").CountAsync());
        Assert.Equal(403, (await viewer.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/capabilities/{id}/restore", new() { Headers = _steps.Origin })).Status);

        await owner.GetByRole(AriaRole.Link, new() { Name = "Deleted capabilities" }).ClickAsync();
        var deleted = owner.Locator("ul.entities > li");
        await Assertions.Expect(deleted).ToHaveCountAsync(1);
        await Assertions.Expect(deleted.Locator("time[datetime]")).ToHaveCountAsync(1);
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "catalogue-deleted-view");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Restore Invoicing" }).ClickAsync();
        await owner.WaitForURLAsync(new Regex($"/workspaces/{ws}/capabilities/{id}\\?done=restored$"));
        await Assertions.Expect(owner.Locator("[role=status]")).ToContainTextAsync("The capability was restored.");
        await Assertions.Expect(owner.Locator("ol.timeline > li").First).ToContainTextAsync("restored by Page Tester");

        await owner.GotoAsync($"/workspaces/{ws}/capabilities?view=deleted");
        await Assertions.Expect(owner.Locator("p.empty")).ToContainTextAsync("No deleted capabilities.");
        Assert.Empty(json);
    }
    [Fact]
    public async Task AnEntityItsClassificationHidesFromAMemberStaysOutOfTheirSearchAndDeletedView()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var ws = await _steps.CreateWorkspaceAsync(owner, "Classified");
        var set = await owner.Context.APIRequest.PutAsync($"/v1/workspaces/{ws}/classification-policy", new() { DataObject = new { restricted = "admin" }, Headers = _steps.Origin });
        Assert.Equal(200, set.Status);
        await _steps.CreateAsync(owner, ws, "data-objects", new { name = "Salary table", classification = "restricted" });
        var deletedSecret = await _steps.CreateAsync(owner, ws, "data-objects", new { name = "Salary archive", classification = "restricted" });
        await _steps.CreateAsync(owner, ws, "data-objects", new { name = "Salary bands", classification = "internal" });
        Assert.Equal(204, (await owner.Context.APIRequest.DeleteAsync($"/v1/workspaces/{ws}/data-objects/{deletedSecret}", new() { Headers = _steps.Origin })).Status);
        var editor = await _session.NewPageAsync();
        await _steps.JoinAsync(owner, editor, ws, "editor");

        await editor.GotoAsync($"/workspaces/{ws}/data-objects?q=salary");
        await Assertions.Expect(editor.Locator("ul.entities > li")).ToHaveCountAsync(1);
        await Assertions.Expect(editor.Locator("ul.entities > li")).ToHaveTextAsync(new Regex("^Salary bands"));
        await editor.GotoAsync($"/workspaces/{ws}/data-objects?view=deleted&q=salary");
        await Assertions.Expect(editor.Locator("p.empty")).ToContainTextAsync("No deleted data objects match these filters.");
        Assert.DoesNotContain("Salary archive", await editor.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await editor.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/data-objects/{deletedSecret}/restore", new() { Headers = _steps.Origin })).Status);

        await owner.GotoAsync($"/workspaces/{ws}/data-objects?view=deleted&q=salary");
        await Assertions.Expect(owner.Locator("ul.entities > li")).ToContainTextAsync("Salary archive");
    }
}
