using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>The share links and audit pages as a person reads them: times as times, a revoke that asks, filters that stay, no sideways scroll.</summary>
public sealed class ShareAndAuditPageTests(CatalogueSteps.SharedSession shared) : IClassFixture<CatalogueSteps.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly CatalogueSteps _steps = new(shared.Session);

    [Fact]
    public async Task ShareLinksShowTheirTimesAsTimesAndARevokeAsksFirstAndADeclinedOneKeepsTheLink()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await BrowserSession.SignUpAsync(page);
        var ws = await _steps.CreateWorkspaceAsync(page, "Links");
        var id = await _steps.CreateAsync(page, ws, "applications", new { name = "Storefront with a rather long name for a narrow screen" });
        var url = (await _steps.PostAsync(page, $"/v1/workspaces/{ws}/shares", new { kind = "applications", id, expiresIn = "7d" })).GetProperty("url").GetString()!;

        await page.GotoAsync($"/workspaces/{ws}/shares");
        var row = page.Locator("table.shares tbody tr");
        await Assertions.Expect(row.Locator("time[datetime]")).ToHaveCountAsync(2);
        await Assertions.Expect(row.Locator("time").First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$"));
        await Assertions.Expect(row).ToContainTextAsync("application");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "shares-active");

        page.Dialog += async (_, dialog) => await dialog.DismissAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("active");
        var stranger = await _session.NewPageAsync();
        Assert.Equal(200, (await stranger.GotoAsync(url))!.Status);
        Assert.Empty(json);
    }

    [Fact]
    public async Task TheAuditPageShowsTimesAsTimesKeepsItsFiltersAndFitsANarrowScreen()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await BrowserSession.SignUpAsync(page);
        var ws = await _steps.CreateWorkspaceAsync(page, "Watched");
        var member = await _session.NewPageAsync();
        var memberId = await _steps.JoinAsync(page, member, ws, "viewer");

        await page.GotoAsync($"/workspaces/{ws}/audit");
        await Assertions.Expect(page.Locator("table.audit tbody tr").First).ToBeVisibleAsync();
        Assert.Equal(await page.Locator("table.audit tbody tr").CountAsync(), await page.Locator("table.audit tbody tr td:first-child time[datetime]").CountAsync());
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "audit-all");

        await page.GetByLabel("Event").SelectOptionAsync("role-changed");
        await page.GetByLabel("Member").SelectOptionAsync(memberId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.audit tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByLabel("Event")).ToHaveValueAsync("role-changed");
        await Assertions.Expect(page.GetByLabel("Member")).ToHaveValueAsync(memberId);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "audit-filtered");

        await page.GotoAsync($"/workspaces/{ws}/audit?from=yesterday");
        await Assertions.Expect(page.GetByLabel("From (UTC)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("From (UTC)")).ToHaveAttributeAsync("aria-describedby", "from-error");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "audit-bad-filter");
        Assert.Empty(json);
    }
}
