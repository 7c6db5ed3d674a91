using System.Text.Json;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>/account: the profile, the personal export with progress, and erasure scheduled behind a step-up and a typed confirmation, then cancelled.</summary>
public sealed class AccountProfilePageTests(AccountPagesFixture fixture) : IClassFixture<AccountPagesFixture>
{
    private readonly BrowserSession _session = fixture.Session;

    [Fact]
    public async Task APersonSeesTheirProfileAndDownloadsEverythingHeldAboutThemWithProgress()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var (email, _) = await BrowserSession.SignUpAsync(page);

        await page.GotoAsync("/account");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account", Level = 1 })).ToBeVisibleAsync();
        var profile = page.Locator(".account-fields");
        await Assertions.Expect(profile).ToContainTextAsync(email);
        await Assertions.Expect(profile).ToContainTextAsync("Page Tester");
        await Assertions.Expect(profile).ToContainTextAsync("None linked: you sign in with your email and password.");
        await Assertions.Expect(page.Locator("nav.account-nav [aria-current='page']")).ToHaveTextAsync("Profile");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-profile");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download my data" }).ClickAsync());
        Assert.Equal("albumi-personal-data.json", download.SuggestedFilename);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal(email, document.RootElement.GetProperty("account").GetProperty("email").GetString());
        await Assertions.Expect(page.Locator("#export-progress [data-progress-text]")).ToContainTextAsync("Export complete");
        Assert.Equal(1, await page.Locator("#export-progress progress").EvaluateAsync<double>("bar => bar.value"));
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-export-done");
        await PersonChecks.ShowsAPageAsync(page);
        Assert.Empty(json);
    }

    [Fact]
    public async Task AStaleSessionConfirmsItIsYouThenSchedulesErasureByTypingItsEmailAndCancelsIt()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var (email, password) = await BrowserSession.SignUpAsync(page);
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));

        await page.GotoAsync("/account");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-erasure-step-up");
        var confirm = page.GetByLabel("Type your email address to confirm");
        await confirm.FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the erasure of my account" }).ClickAsync();
        var refusal = page.Locator("form[data-api='/v1/me/erasure'] [data-form-error]");
        await Assertions.Expect(refusal).ToContainTextAsync("confirm your password");
        Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);
        Assert.False((await fixture.JsonAsync(page, "/v1/me/erasure")).GetProperty("scheduled").GetBoolean());

        await page.GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);

        await confirm.FillAsync("someone-else@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the erasure of my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#erasure-confirm-error")).ToHaveTextAsync("Type your email address exactly to confirm.");
        await Assertions.Expect(confirm).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(confirm).ToBeFocusedAsync();
        Assert.False((await fixture.JsonAsync(page, "/v1/me/erasure")).GetProperty("scheduled").GetBoolean());

        await confirm.FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the erasure of my account" }).ClickAsync();
        var status = page.Locator("[data-focus-on-load]");
        await Assertions.Expect(status).ToHaveTextAsync("Your account's erasure is scheduled.");
        await Assertions.Expect(status).ToBeFocusedAsync();
        var erasure = await fixture.JsonAsync(page, "/v1/me/erasure");
        Assert.True(erasure.GetProperty("scheduled").GetBoolean());
        var due = erasure.GetProperty("eraseAfter").GetDateTimeOffset();
        Assert.InRange(due - fixture.Clock.GetUtcNow(), TimeSpan.FromDays(14) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));
        var shown = page.Locator(".erasure-state time");
        await Assertions.Expect(shown).ToHaveAttributeAsync("datetime", due.ToUniversalTime().ToString("O"));
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-erasure-scheduled");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the erasure" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-focus-on-load]")).ToHaveTextAsync("The erasure is cancelled: your account stays.");
        Assert.False((await fixture.JsonAsync(page, "/v1/me/erasure")).GetProperty("scheduled").GetBoolean());
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Schedule the erasure of my account" })).ToBeVisibleAsync();
        await PersonChecks.ShowsAPageAsync(page);
        Assert.Empty(json);
    }

    [Fact]
    public async Task ErasureRequestedByAStaleSessionWithoutTheStepUpIsRefusedAndNothingIsScheduled()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));

        var refused = await fixture.CallAsync(page, "POST", "/v1/me/erasure");
        Assert.Equal(403, refused.Status);
        Assert.EndsWith("step-up-required", (await refused.JsonAsync())!.Value.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False((await fixture.JsonAsync(page, "/v1/me/erasure")).GetProperty("scheduled").GetBoolean());

        // The page's own form is refused the same way, in words, and the page still offers no scheduled state.
        await page.GotoAsync("/account");
        await page.GetByLabel("Type your email address to confirm").FillAsync((await fixture.JsonAsync(page, "/v1/me")).GetProperty("email").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the erasure of my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("form[data-api='/v1/me/erasure'] [data-form-error]")).Not.ToBeEmptyAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".erasure-state time")).ToHaveCountAsync(0);
        Assert.False((await fixture.JsonAsync(page, "/v1/me/erasure")).GetProperty("scheduled").GetBoolean());
    }

    [Fact]
    public async Task AWorkspaceOwnerIsToldToTransferOwnershipFirstAndOfferedNoErasure()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        var created = await fixture.CallAsync(page, "POST", "/v1/workspaces", new { name = "Owned Here" });
        Assert.Equal(201, created.Status);
        var ws = (await created.JsonAsync())!.Value.GetProperty("id").GetString();

        await page.GotoAsync("/account");
        await Assertions.Expect(page.Locator(".erasure-state")).ToContainTextAsync("cannot be erased while you own a workspace");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Owned Here" })).ToHaveAttributeAsync("href", $"/workspaces/{ws}");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Schedule the erasure of my account" })).ToHaveCountAsync(0);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-erasure-owner");
        Assert.Equal(409, (await fixture.CallAsync(page, "POST", "/v1/me/erasure")).Status);
    }
}
