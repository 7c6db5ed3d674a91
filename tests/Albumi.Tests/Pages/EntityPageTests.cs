using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// An entity's page in the browser: every field edited and read back as text, a stale edit refused in words, comments
/// with mentions, the activity feed in sentences; and the attacks: a viewer's writes, another tenant's entity.
/// </summary>
public sealed class EntityPageTests(CatalogueSteps.SharedSession shared) : IClassFixture<CatalogueSteps.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly CatalogueSteps _steps = new(shared.Session);

    [Fact]
    public async Task AnEditorChangesEveryKindOfFieldAndReadsTheValuesBackAsTextAndInTheActivity()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var (email, _) = await BrowserSession.SignUpAsync(page);
        var ws = await _steps.CreateWorkspaceAsync(page, "Editing");
        await _steps.CreateAsync(page, ws, "organisations", new { name = "Finance" });
        await _steps.CreateAsync(page, ws, "capabilities", new { name = "Billing" });
        await _steps.CreateAsync(page, ws, "capabilities", new { name = "Payments" });
        var id = await _steps.CreateAsync(page, ws, "applications", new { name = "Ledger" });

        await page.GotoAsync($"/workspaces/{ws}/applications/{id}");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "entity-edit");
        await page.GetByLabel("Description").FillAsync("Books every sale.");
        await page.GetByLabel("Status").SelectOptionAsync("phasing-out");
        await page.GetByLabel("Assignee").SelectOptionAsync(new SelectOptionValue { Label = $"Page Tester ({email})" });
        await page.GetByLabel("GDPR relevant").CheckAsync();
        await page.GetByLabel("Organisation").SelectOptionAsync(new SelectOptionValue { Label = "Finance" });
        await page.GetByLabel("Capabilities").SelectOptionAsync([new SelectOptionValue { Label = "Billing" }, new SelectOptionValue { Label = "Payments" }]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await page.WaitForURLAsync(new Regex($"/applications/{id}\\?done=saved$"));
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Your changes were saved.");
        var fields = page.Locator("dl.fields");
        foreach (var (label, value) in new[]
        {
            ("Description", "Books every sale."), ("Status", "phasing-out"), ("Assignee", "Page Tester"), ("GDPR relevant", "Yes"),
            ("SOX relevant", "No"), ("Organisation", "Finance"), ("Capabilities", "Billing, Payments"),
        })
        {
            await Assertions.Expect(fields.Locator($"dt:text-is('{label}') + dd")).ToHaveTextAsync(value);
        }

        Assert.DoesNotContain("\"", await fields.InnerTextAsync(), StringComparison.Ordinal);
        var latest = page.Locator("ol.timeline > li").First;
        await Assertions.Expect(latest).ToContainTextAsync("status changed by Page Tester");
        await Assertions.Expect(latest).ToContainTextAsync("Status: active → phasing-out");
        await Assertions.Expect(latest).ToContainTextAsync("Capabilities: — → Billing, Payments");
        await Assertions.Expect(latest).ToContainTextAsync("GDPR relevant: No → Yes");
        Assert.DoesNotContain("\"", await page.Locator("ol.timeline").InnerTextAsync(), StringComparison.Ordinal);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "entity-saved");

        var saved = await _steps.GetAsync(page, $"/v1/workspaces/{ws}/applications/{id}");
        Assert.Equal(2, saved.GetProperty("capabilityIds").GetArrayLength());
        Assert.True(saved.GetProperty("gdprRelevant").GetBoolean());

        // Saving what was read changes nothing and says so; clearing the name is refused at the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("form[data-typed-api] [data-form-error]").First).ToHaveTextAsync("Nothing was changed, so there is nothing to save.");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-for='name']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        Assert.Equal("Ledger", (await _steps.GetAsync(page, $"/v1/workspaces/{ws}/applications/{id}")).GetProperty("name").GetString());
        Assert.Empty(json);
    }

    [Fact]
    public async Task AStaleEditIsRefusedAsChangedMeanwhileAndOverwritesNothing()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        var ws = await _steps.CreateWorkspaceAsync(page, "Racing");
        var id = await _steps.CreateAsync(page, ws, "it-components", new { name = "Queue", vendor = "Acme" });

        await page.GotoAsync($"/workspaces/{ws}/it-components/{id}");
        var theirs = await page.Context.APIRequest.PatchAsync($"/v1/workspaces/{ws}/it-components/{id}", new() { DataObject = new { vendor = "Theirs Ltd" }, Headers = _steps.Origin });
        Assert.Equal(200, theirs.Status);
        await page.GetByLabel("Vendor").FillAsync("Mine Inc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        var alert = page.Locator("form[data-typed-api] [data-form-error]").First;
        await Assertions.Expect(alert).ToContainTextAsync("Someone changed this IT component after you opened it, so your change was not saved");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reload" })).ToBeFocusedAsync();
        Assert.DoesNotContain("{", await alert.InnerTextAsync(), StringComparison.Ordinal);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "entity-stale-edit");
        Assert.Equal("Theirs Ltd", (await _steps.GetAsync(page, $"/v1/workspaces/{ws}/it-components/{id}")).GetProperty("vendor").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Vendor")).ToHaveValueAsync("Theirs Ltd");
        await Assertions.Expect(page.Locator("dl.fields")).ToContainTextAsync("Theirs Ltd");
    }

    [Fact]
    public async Task ACommentMentionsAMemberWhoIsNotifiedAndCountsAndActivityReadInWords()
    {
        var owner = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(owner);
        await BrowserSession.SignUpAsync(owner);
        var ws = await _steps.CreateWorkspaceAsync(owner, "Talking");
        var member = await _session.NewPageAsync();
        var memberId = await _steps.JoinAsync(owner, member, ws, "editor");
        var memberEmail = (await _steps.GetAsync(member, "/v1/me")).GetProperty("email").GetString()!;
        var id = await _steps.CreateAsync(owner, ws, "data-objects", new { name = "Customer" });

        await owner.GotoAsync($"/workspaces/{ws}/data-objects/{id}");
        await Assertions.Expect(owner.Locator("#comments")).ToHaveTextAsync("Comments");
        await Assertions.Expect(owner.Locator("p.empty")).ToHaveTextAsync("No comments yet. Add the first one below.");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(owner.Locator("[data-error-for='body']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(owner.GetByLabel("Comment", new() { Exact = true })).ToBeFocusedAsync();

        await owner.GetByLabel("Comment", new() { Exact = true }).FillAsync("Is the retention right?");
        await owner.GetByLabel(memberEmail).CheckAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#comments")).ToHaveTextAsync("1 comment");
        await Assertions.Expect(owner.Locator("[role=status]")).ToHaveTextAsync("Your comment was added.");
        var comment = owner.Locator("ol.comments > li");
        await Assertions.Expect(comment).ToContainTextAsync("Is the retention right?");
        await Assertions.Expect(comment).ToContainTextAsync("Mentioned: Page Tester");
        await Assertions.Expect(comment.Locator("time[datetime]")).ToHaveCountAsync(1);
        var latest = owner.Locator("ol.timeline > li").First;
        await Assertions.Expect(latest).ToContainTextAsync("comment added by Page Tester");
        await Assertions.Expect(latest.GetByRole(AriaRole.Link, new() { Name = "see the comment" })).ToBeVisibleAsync();
        Assert.DoesNotContain("—", await latest.InnerTextAsync(), StringComparison.Ordinal);
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "entity-comment");

        var notifications = await _steps.GetAsync(member, $"/v1/workspaces/{ws}/notifications");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("reason").GetString() == "mentioned" && n.GetProperty("entityId").GetString() == id);

        await owner.GetByLabel("Comment", new() { Exact = true }).FillAsync("Yes: seven years.");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#comments")).ToHaveTextAsync("2 comments");
        await Assertions.Expect(owner.Locator("ol.comments > li")).ToHaveCountAsync(2);
        Assert.DoesNotContain(memberId, await owner.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(json);
    }

    [Fact]
    public async Task AViewerSeesNoEditDeleteOrCommentFormAndTheApiRefusesEachOfThoseWrites()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var ws = await _steps.CreateWorkspaceAsync(owner, "Watching");
        var id = await _steps.CreateAsync(owner, ws, "applications", new { name = "Portal" });
        var viewer = await _session.NewPageAsync();
        await _steps.JoinAsync(owner, viewer, ws, "viewer");

        await viewer.GotoAsync($"/workspaces/{ws}/applications/{id}");
        await Assertions.Expect(viewer.Locator("h1")).ToHaveTextAsync("Portal");
        Assert.Equal(0, await viewer.Locator("main form").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-admin]").CountAsync());
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Delete application" })).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Add comment" })).ToHaveCountAsync(0);
        await PersonChecks.AccessibleAtBothWidthsAsync(viewer, "entity-viewer");

        var api = viewer.Context.APIRequest;
        Assert.Equal(403, (await api.PatchAsync($"/v1/workspaces/{ws}/applications/{id}", new() { DataObject = new { name = "Defaced" }, Headers = _steps.Origin })).Status);
        Assert.Equal(403, (await api.DeleteAsync($"/v1/workspaces/{ws}/applications/{id}", new() { Headers = _steps.Origin })).Status);
        Assert.Equal(403, (await api.PostAsync($"/v1/workspaces/{ws}/applications/{id}/comments", new() { DataObject = new { body = "hi" }, Headers = _steps.Origin })).Status);
        Assert.Equal(403, (await api.PostAsync($"/v1/workspaces/{ws}/proposals", new() { DataObject = new { title = "Mine" }, Headers = _steps.Origin })).Status);
        Assert.Equal("Portal", (await _steps.GetAsync(owner, $"/v1/workspaces/{ws}/applications/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnotherTenantsEntityIdAnswersTheNotFoundPageUnderEitherWorkspace()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var ws = await _steps.CreateWorkspaceAsync(owner, "Private");
        var id = await _steps.CreateAsync(owner, ws, "applications", new { name = "Secret Sauce" });
        var proposal = (await _steps.PostAsync(owner, $"/v1/workspaces/{ws}/proposals", new { title = "Hidden plan" })).GetProperty("id").GetString();

        var stranger = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(stranger);
        await BrowserSession.SignUpAsync(stranger);
        var own = await _steps.CreateWorkspaceAsync(stranger, "Mine");
        foreach (var path in new[]
        {
            $"/workspaces/{ws}/applications/{id}", $"/workspaces/{own}/applications/{id}", $"/workspaces/{ws}/applications",
            $"/workspaces/{ws}/proposals", $"/workspaces/{ws}/proposals/{proposal}", $"/workspaces/{own}/proposals/{proposal}",
        })
        {
            var response = await stranger.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await PersonChecks.ShowsAPageAsync(stranger);
            var text = await stranger.Locator("main").InnerTextAsync();
            Assert.DoesNotContain("Secret Sauce", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Hidden plan", text, StringComparison.Ordinal);
        }

        await PersonChecks.AccessibleAtBothWidthsAsync(stranger, "entity-other-tenant-404");
        Assert.Empty(json);
    }
}
