using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>Proposals in the browser: open one, save an edit into it, read its diff, merge it or discard it.</summary>
public sealed class ProposalPageTests(CatalogueSteps.SharedSession shared) : IClassFixture<CatalogueSteps.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly CatalogueSteps _steps = new(shared.Session);

    [Fact]
    public async Task AnEditorOpensAProposalSavesAnEditIntoItReadsTheDiffAndMergesIt()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await BrowserSession.SignUpAsync(page);
        var ws = await _steps.CreateWorkspaceAsync(page, "Proposing");
        var id = await _steps.CreateAsync(page, ws, "applications", new { name = "Warehouse" });

        await page.GotoAsync($"/workspaces/{ws}/proposals");
        await Assertions.Expect(page.Locator("p.empty")).ToHaveTextAsync("No proposals yet. Open the first one below.");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "proposals-empty");
        await page.GetByLabel("Title").FillAsync("Retire the warehouse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open proposal" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/proposals/[0-9a-f-]{36}\\?done=opened$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Retire the warehouse");
        await Assertions.Expect(page.Locator("p.empty")).ToContainTextAsync("No changes yet.");
        var proposalPath = new Uri(page.Url).AbsolutePath;

        await page.GotoAsync($"/workspaces/{ws}/applications/{id}");
        await page.GetByLabel("Status").SelectOptionAsync("retired");
        await page.GetByLabel("Description").FillAsync("Moved to the new ERP.");
        await page.GetByLabel("Save to").SelectOptionAsync(new SelectOptionValue { Label = "the proposal “Retire the warehouse”" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(Regex.Escape(proposalPath) + "\\?done=changed$"));
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("saved into this proposal");
        Assert.Equal("active", (await _steps.GetAsync(page, $"/v1/workspaces/{ws}/applications/{id}")).GetProperty("status").GetString());

        var change = page.Locator("section.proposal-change");
        await Assertions.Expect(change.Locator("h3")).ToHaveTextAsync(new Regex("Changes the application:\\s*Warehouse"));
        await Assertions.Expect(change.Locator("tr:has(th:text-is('Status')) td.before")).ToHaveTextAsync("active");
        await Assertions.Expect(change.Locator("tr:has(th:text-is('Status')) td.after")).ToHaveTextAsync("retired");
        await Assertions.Expect(change.Locator("tr:has(th:text-is('Description')) td.before")).ToHaveTextAsync("—");
        await Assertions.Expect(change.Locator("tr:has(th:text-is('Description')) td.after")).ToHaveTextAsync("Moved to the new ERP.");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "proposal-diff");

        await page.GetByRole(AriaRole.Button, new() { Name = "Merge proposal" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(Regex.Escape(proposalPath) + "\\?done=merged$"));
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Merged");
        await Assertions.Expect(page.Locator(".proposal-status")).ToHaveTextAsync("merged");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Merge proposal" })).ToHaveCountAsync(0);
        Assert.Equal("retired", (await _steps.GetAsync(page, $"/v1/workspaces/{ws}/applications/{id}")).GetProperty("status").GetString());
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "proposal-merged");

        await page.GotoAsync($"/workspaces/{ws}/applications/{id}");
        await Assertions.Expect(page.Locator("ol.timeline > li").First).ToContainTextAsync("proposal merged by Page Tester");
        await Assertions.Expect(page.Locator("ol.timeline > li").First).ToContainTextAsync("Status: active → retired");
        await page.GotoAsync($"/workspaces/{ws}/proposals");
        await Assertions.Expect(page.Locator("ul.proposals > li")).ToContainTextAsync("merged");
        Assert.Empty(json);
    }

    [Fact]
    public async Task DiscardingAsksFirstChangesNothingAndAViewerCanNeitherMergeNorDiscard()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var ws = await _steps.CreateWorkspaceAsync(owner, "Reviewing");
        var id = await _steps.CreateAsync(owner, ws, "organisations", new { name = "Sales" });
        var proposal = (await _steps.PostAsync(owner, $"/v1/workspaces/{ws}/proposals", new { title = "Rename sales" })).GetProperty("id").GetString();
        var patched = await owner.Context.APIRequest.PatchAsync($"/v1/workspaces/{ws}/organisations/{id}?proposal={proposal}", new() { DataObject = new { name = "Revenue" }, Headers = _steps.Origin });
        Assert.Equal(200, patched.Status);
        var viewer = await _session.NewPageAsync();
        await _steps.JoinAsync(owner, viewer, ws, "viewer");

        await viewer.GotoAsync($"/workspaces/{ws}/proposals/{proposal}");
        await Assertions.Expect(viewer.Locator("section.proposal-change h3")).ToContainTextAsync("Revenue");
        Assert.Equal(0, await viewer.Locator("main form").CountAsync());
        await PersonChecks.AccessibleAtBothWidthsAsync(viewer, "proposal-viewer");
        Assert.Equal(403, (await viewer.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/proposals/{proposal}/merge", new() { Headers = _steps.Origin })).Status);
        Assert.Equal(403, (await viewer.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/proposals/{proposal}/discard", new() { Headers = _steps.Origin })).Status);

        await owner.GotoAsync($"/workspaces/{ws}/proposals/{proposal}");
        var asked = CatalogueSteps.AcceptAsks(owner);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Discard proposal" }).ClickAsync();
        await owner.WaitForURLAsync(new Regex("\\?done=discarded$"));
        Assert.Equal("Discard “Rename sales”? None of its changes will reach the catalogue, and it cannot be reopened.", asked());
        await Assertions.Expect(owner.Locator(".proposal-status")).ToHaveTextAsync("discarded");
        await Assertions.Expect(owner.Locator("main form")).ToHaveCountAsync(0);
        Assert.Equal("Sales", (await _steps.GetAsync(owner, $"/v1/workspaces/{ws}/organisations/{id}")).GetProperty("name").GetString());
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "proposal-discarded");
    }
}
