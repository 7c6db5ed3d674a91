using System.Text.RegularExpressions;
using Albumi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>A page with a guarded action shows a stale session how to confirm it is the person, never problem JSON.</summary>
public sealed class StepUpPageTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(clock: _clock);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task AStaleSessionIsAskedToConfirmItIsYouOnTheKeysPageAndThenCreatesItsKey()
    {
        var page = await _session.NewPageAsync();
        var (_, password) = await BrowserSession.SignUpAsync(page);
        _clock.Advance(TimeSpan.FromMinutes(10));

        await page.GotoAsync("/account/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("deploys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var refusal = page.Locator("form[data-api='/v1/me/api-keys'] [data-form-error]");
        await Assertions.Expect(refusal).ToContainTextAsync("confirm your password");
        Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "step-up-required");

        await page.GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("deploys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-key-value")).ToHaveTextAsync(new Regex("^alb_[0-9a-f]{60}$"));
    }

    [Fact]
    public async Task AStaleAdminIsAskedToConfirmItIsYouBeforeInvitingAndThenInvitesAt390Pixels()
    {
        var page = await _session.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        var (_, password) = await BrowserSession.SignUpAsync(page);
        var ws = await PostAsync(page, "/v1/workspaces", new { name = "Team" });
        _clock.Advance(TimeSpan.FromMinutes(10));

        await page.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await AssertLabelledAndWithinTheScreenAsync(page, "form[data-api$='/invites']");
        await page.GetByLabel("Invite by email").FillAsync("friend@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        var refusal = page.Locator("form[data-api$='/invites'] [data-form-error]");
        await Assertions.Expect(refusal).ToContainTextAsync("confirm your password");
        Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("table.invites")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "invite-step-up-390");

        await page.GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        await page.GetByLabel("Invite by email").FillAsync("friend@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#invite [data-result-slot]")).ToHaveTextAsync(new Regex("^http://127\\.0\\.0\\.1:\\d+/invites/inv_[0-9a-f]{32}_"));
    }

    [Fact]
    public async Task AStaleMemberIsAskedToConfirmItIsYouBeforeMakingAShareLinkAndThenMakesIt()
    {
        var page = await _session.NewPageAsync();
        var (_, password) = await BrowserSession.SignUpAsync(page);
        var ws = await PostAsync(page, "/v1/workspaces", new { name = "Sharing" });
        var app = await PostAsync(page, $"/v1/workspaces/{ws}/applications", new { name = "Ledger" });
        _clock.Advance(TimeSpan.FromMinutes(10));

        await page.GotoAsync($"/workspaces/{ws}/applications/{app}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create share link" }).ClickAsync();
        var refusal = page.Locator("form[data-api$='/shares'] [data-form-error]");
        await Assertions.Expect(refusal).ToContainTextAsync("confirm your password");
        Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);
        await page.SetViewportSizeAsync(390, 844);
        await AssertLabelledAndWithinTheScreenAsync(page, "form[data-api$='/shares']");
        await BrowserSession.ScreenshotAsync(page, "share-step-up-390");
        await page.SetViewportSizeAsync(1280, 800);

        await page.GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create share link" }).ClickAsync();
        await Assertions.Expect(page.Locator("#share-url")).ToHaveTextAsync(new Regex("/s/[A-Za-z0-9_-]{22}$"));
    }

    [Fact]
    public async Task AStaleAdminIsAskedToConfirmItIsYouBeforeRaisingARoleAndThenRaisesIt()
    {
        var page = await _session.NewPageAsync();
        var (_, password) = await BrowserSession.SignUpAsync(page);
        var ws = await PostAsync(page, "/v1/workspaces", new { name = "Team" });
        var member = await _session.NewPageAsync();
        var (email, _) = await BrowserSession.SignUpAsync(member);
        var origin = new Dictionary<string, string> { ["Origin"] = new Uri(page.Url).GetLeftPart(UriPartial.Authority) };
        var invite = await (await page.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email, role = "viewer" }, Headers = origin })).JsonAsync();
        Assert.Equal(200, (await member.Context.APIRequest.PostAsync($"/v1/invites/{invite!.Value.GetProperty("token").GetString()}/accept", new() { Headers = origin })).Status);
        _clock.Advance(TimeSpan.FromMinutes(10));

        await page.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        var form = page.Locator("form[data-api*='/members/'][data-method='PATCH']");
        await form.Locator("select").SelectOptionAsync("admin");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var refusal = form.Locator("[data-form-error]");
        await Assertions.Expect(refusal).ToContainTextAsync("confirm your password");
        Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("viewer", await RoleOfMemberAsync(page, ws));

        await page.GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        var raised = page.Locator("form[data-api*='/members/'][data-method='PATCH']");
        await raised.Locator("select").SelectOptionAsync("admin");
        var changed = await page.RunAndWaitForResponseAsync(
            () => raised.GetByRole(AriaRole.Button).ClickAsync(),
            response => response.Request.Method == "PATCH" && response.Url.Contains("/members/", StringComparison.Ordinal));
        Assert.Equal(200, changed.Status);
        Assert.Equal("admin", await RoleOfMemberAsync(page, ws));
    }

    /// <summary>The role of the workspace's one member besides its owner.</summary>
    private static async Task<string?> RoleOfMemberAsync(IPage page, string ws)
    {
        var members = await (await page.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/members")).JsonAsync();
        return members!.Value.EnumerateArray().Select(m => m.GetProperty("role").GetString()).Single(r => r != "owner");
    }

    /// <summary>The prompt and the guarded form: every control labelled, and both within the screen's width.</summary>
    private static async Task AssertLabelledAndWithinTheScreenAsync(IPage page, string guardedForm)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
              .filter((control) => control.tagName === 'BUTTON'
                ? !(control.textContent.trim() || control.getAttribute('aria-label'))
                : control.labels.length === 0 && !control.getAttribute('aria-label'))
              .map((control) => control.outerHTML)
            """);
        Assert.True(unlabelled.Length == 0, $"controls without a label: {string.Join(" ", unlabelled)}");
        foreach (var selector in new[] { ".step-up", guardedForm })
        {
            Assert.True(await page.EvaluateAsync<bool>($"document.querySelector(\"{selector}\").getBoundingClientRect().right <= window.innerWidth"),
                $"{selector} reaches past the screen");
        }
    }

    private static async Task<string> PostAsync(IPage page, string path, object body)
    {
        var origin = new Dictionary<string, string> { ["Origin"] = new Uri(page.Url).GetLeftPart(UriPartial.Authority) };
        var created = await page.Context.APIRequest.PostAsync(path, new() { DataObject = body, Headers = origin });
        Assert.Equal(201, created.Status);
        return (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
    }
}
