using System.Text.RegularExpressions;
using Albumi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// A new person's first run as the README's node runs it (owners must have two-factor): sign-up to a first entity in
/// their own workspace, led through two-factor set-up, never shown JSON; then sign-in in two steps, new recovery codes
/// and turning two-factor off on the security page.
/// </summary>
public sealed class FirstRunPageTests(FirstRunPageTests.SharedSession shared) : IClassFixture<FirstRunPageTests.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly TestClock _clock = shared.Clock;

    /// <summary>One node with the production rule that owners need two-factor, on a clock the tests move past used codes.</summary>
    public sealed class SharedSession : IAsyncLifetime
    {
        public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public BrowserSession Session { get; private set; } = null!;

        public async Task InitializeAsync() => Session = await BrowserSession.StartAsync(
            new Dictionary<string, string> { ["Albumi:Mfa:RequiredForOwners"] = "true", ["Albumi:Auth:SignInAttemptsPerIp"] = "10000" }, Clock);

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }

    [Fact]
    public async Task ANewOwnerGoesFromSignUpToAFirstEntityThroughTwoFactorSetUpAndNeverSeesJson()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await BrowserSession.SignUpAsync(page);
        await page.GetByLabel("Name").FillAsync("First Run");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "First Run" }).ClickAsync();

        // The workspace needs two-factor, which a new owner lacks: the browser is taken to set it up, with the way back.
        await page.WaitForURLAsync(new Regex(@"/account/security\?returnUrl=%2Fworkspaces%2F[0-9a-f-]{36}$"));
        var ws = Regex.Match(Uri.UnescapeDataString(page.Url), "/workspaces/([0-9a-f-]{36})").Groups[1].Value;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("needs two-factor authentication");
        await PersonChecks.ShowsAPageAsync(page);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "first-run-security");

        // The API's own address opened in the browser names the reason and the way out, as a page.
        var refused = await page.GotoAsync($"/v1/workspaces/{ws}");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication is required" })).ToBeVisibleAsync();
        await PersonChecks.ShowsAPageAsync(page);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "error-403-two-factor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up or verify two-factor authentication" }).ClickAsync();
        await page.WaitForURLAsync("**/account/security?returnUrl=**");
        await page.GotoAsync($"/account/security?returnUrl=%2Fworkspaces%2F{ws}");

        var (_, codes) = await SecurityPage.EnrolAsync(page, _clock, () => PersonChecks.AccessibleAtBothWidthsAsync(page, "first-run-qr-code"));
        Assert.Equal(10, codes.Distinct().Count());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Step 3 of 3: save your recovery codes" })).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Download the codes" })).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download the codes" }).ClickAsync());
        var saved = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.All(codes, code => Assert.Contains(code, saved, StringComparison.Ordinal));
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "first-run-recovery-codes");

        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them: continue where I was going" }).ClickAsync();
        await page.WaitForURLAsync($"**/workspaces/{ws}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("First Run");
        await page.GetByRole(AriaRole.Link, new() { Name = "Applications", Exact = true }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Billing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add application" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Billing");
        await PersonChecks.ShowsAPageAsync(page);

        // The security page now says two-factor is on, and an owner is told why it cannot be turned off.
        await page.GotoAsync("/account/security");
        await Assertions.Expect(page.Locator(".status")).ToContainTextAsync("is on");
        await Assertions.Expect(page.Locator(".danger-zone")).ToContainTextAsync("workspace owners must keep two-factor authentication on");
        Assert.Empty(json);
    }

    [Fact]
    public async Task AStaleSessionConfirmsItIsThePersonOnTheSecurityPageAndCarriesOnWithTheSetUp()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var (_, password) = await BrowserSession.SignUpAsync(page);
        await page.GetByLabel("Name").FillAsync("Later");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Later" })).ToBeVisibleAsync();
        _clock.Advance(TimeSpan.FromMinutes(11));

        await page.GetByRole(AriaRole.Link, new() { Name = "Later" }).ClickAsync();
        await page.WaitForURLAsync("**/account/security?returnUrl=**");
        var returning = page.Url;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "security-confirm-it-is-you");
        await page.GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        Assert.Equal(returning, page.Url);

        await SecurityPage.EnrolAsync(page, _clock);
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them: continue where I was going" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Later");
        Assert.Empty(json);
    }

    [Fact]
    public async Task SignInAsksForACodeOnlyWhenTheAccountHasTwoFactorAndTakesARecoveryCodeInstead()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var (email, password) = await BrowserSession.SignUpAsync(page);
        await page.GotoAsync("/account/security");
        var (secret, codes) = await SecurityPage.EnrolAsync(page, _clock);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var code = page.GetByLabel("Authenticator code or recovery code");
        await Assertions.Expect(code).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).ToBeHiddenAsync();
        Assert.EndsWith("/signin", page.Url, StringComparison.Ordinal);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "signin-second-step");

        // A wrong code: the error is at the field, described by it, announced, and focus stays there.
        await code.FillAsync("000000" == SecurityPage.Code(secret, _clock) ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var error = page.Locator("#totpCode-error");
        await Assertions.Expect(error).ToContainTextAsync("The code is wrong");
        await Assertions.Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(code).ToHaveAttributeAsync("aria-describedby", new Regex("totpCode-error"));
        await Assertions.Expect(error).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(code).ToBeFocusedAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "signin-wrong-code");

        _clock.Advance(TimeSpan.FromSeconds(30));
        await code.FillAsync(SecurityPage.Code(secret, _clock));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Authenticator code or recovery code").FillAsync(codes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        Assert.Empty(json);
    }

    [Fact]
    public async Task APersonMakesNewRecoveryCodesAndTurnsTwoFactorOffOnTheSecurityPage()
    {
        var page = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(page);
        await page.GotoAsync("/account/security");
        var (secret, oldCodes) = await SecurityPage.EnrolAsync(page, _clock);
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status")).ToContainTextAsync("is on");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "security-on");

        _clock.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel("Code from the app", new() { Exact = true }).FillAsync(SecurityPage.Code(secret, _clock));
        await page.GetByRole(AriaRole.Button, new() { Name = "Make new recovery codes" }).ClickAsync();
        var fresh = page.Locator("#new-recovery-code-list");
        await Assertions.Expect(fresh).ToBeVisibleAsync();
        var newCodes = (await fresh.TextContentAsync())!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(10, newCodes.Length);
        Assert.Empty(newCodes.Intersect(oldCodes));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your new recovery codes" })).ToBeFocusedAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "security-new-recovery-codes");

        // An old recovery code no longer turns it off; a new one does, after the person confirms.
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        var disable = page.GetByLabel("Code from the app or a recovery code");
        await disable.FillAsync(oldCodes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off two-factor authentication" }).ClickAsync();
        await Assertions.Expect(page.Locator("#disable-code-error")).ToContainTextAsync("Disabling needs a current code");
        await Assertions.Expect(disable).ToHaveAttributeAsync("aria-invalid", "true");
        await disable.FillAsync(newCodes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off two-factor authentication" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status")).ToContainTextAsync("is off");
        Assert.Equal("Turn off two-factor authentication?", asked);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "security-off");

        // Signing in is one step again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await BrowserSession.SignInAsync(page, email, password);
    }
}
