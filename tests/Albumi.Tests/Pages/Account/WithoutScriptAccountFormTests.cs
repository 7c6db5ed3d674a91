using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>
/// Sessions and API keys with script turned off: a destructive form first answers with its question (the words script
/// asks with <c>window.confirm</c>) and acts only when that is confirmed; a new key is shown in the create post's own
/// answer, never stored for later; another account's session or key is refused as not found, a key made without a
/// recent step-up is refused in words, and a page post without its antiforgery token changes nothing.
/// </summary>
public sealed class WithoutScriptAccountFormTests(AccountPagesFixture fixture) : IClassFixture<AccountPagesFixture>
{
    private readonly BrowserSession _session = fixture.Session;

    [Fact]
    public async Task ASessionIsRevokedAndTheOthersSignedOutWithoutScriptEachAfterItsQuestionIsConfirmed()
    {
        var laptopWithScript = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(laptopWithScript);
        var phone = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(phone, email, password);
        var tablet = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(tablet, email, password);
        var phoneSession = await CurrentSessionIdAsync(phone);
        var laptop = await WithoutScript.SignedInAsAsync(_session, laptopWithScript);
        var json = PersonChecks.WatchForJson(laptop);

        // Revoke: first the question, which changes nothing; "No, go back" leaves every session as it was.
        await laptop.GotoAsync("/account/sessions");
        var revoke = laptop.Locator($"li[data-session='{phoneSession}']").GetByRole(AriaRole.Button, new() { Name = "Revoke" });
        Assert.Equal(200, await WithoutScript.SubmitAsync(laptop, revoke));
        await Assertions.Expect(laptop.GetByRole(AriaRole.Heading, new() { Name = "Are you sure?" })).ToBeVisibleAsync();
        await Assertions.Expect(laptop.Locator(".confirm-step p")).ToHaveTextAsync(new Regex("^Sign out .+ on .+, last seen from 127\\.0\\.0\\.1\\?$"));
        await Assertions.Expect(laptop.Locator("ul.sessions")).ToHaveCountAsync(0);
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, laptop, "no-script-sessions-confirm");
        Assert.Equal(200, (await fixture.CallAsync(phone, "GET", "/v1/me")).Status);
        await laptop.GetByRole(AriaRole.Link, new() { Name = "No, go back" }).ClickAsync();
        await Assertions.Expect(laptop.Locator("ul.sessions > li")).ToHaveCountAsync(3);

        Assert.Equal(200, await WithoutScript.SubmitAsync(laptop, revoke));
        Assert.Equal(303, await WithoutScript.SubmitAsync(laptop, "Yes, sign it out"));
        await Assertions.Expect(laptop).ToHaveURLAsync(new Regex("/account/sessions\\?done=revoked$"));
        await Assertions.Expect(laptop.GetByRole(AriaRole.Status)).ToHaveTextAsync("The session is revoked: that device is signed out.");
        await Assertions.Expect(laptop.Locator("ul.sessions > li")).ToHaveCountAsync(2);
        Assert.Equal(401, (await fixture.CallAsync(phone, "GET", "/v1/me")).Status);
        Assert.Equal(200, (await fixture.CallAsync(tablet, "GET", "/v1/me")).Status);

        // Every other device: the same two steps.
        Assert.Equal(200, await WithoutScript.SubmitAsync(laptop, "Log out other devices"));
        await Assertions.Expect(laptop.Locator(".confirm-step p")).ToHaveTextAsync("Sign out every other device?");
        Assert.Equal(200, (await fixture.CallAsync(tablet, "GET", "/v1/me")).Status);
        Assert.Equal(303, await WithoutScript.SubmitAsync(laptop, "Yes, sign out every other device"));
        await Assertions.Expect(laptop.GetByRole(AriaRole.Status)).ToHaveTextAsync("Every other device is signed out.");
        await Assertions.Expect(laptop.Locator(".sessions-only")).ToBeVisibleAsync();
        Assert.Equal(401, (await fixture.CallAsync(tablet, "GET", "/v1/me")).Status);
        Assert.Equal(200, (await fixture.CallAsync(laptopWithScript, "GET", "/v1/me")).Status);
        Assert.Empty(json);
    }

    [Fact]
    public async Task AnotherAccountsSessionPostedToThePageConfirmedIsRefusedAsNotFoundAndAPostWithoutTheTokenRevokesNothing()
    {
        var victim = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(victim);
        var victimSession = await CurrentSessionIdAsync(victim);
        var attackerWithScript = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(attackerWithScript);
        var attackerPhone = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(attackerPhone, email, password);
        var ownOther = await CurrentSessionIdAsync(attackerPhone);
        var attacker = await WithoutScript.SignedInAsAsync(_session, attackerWithScript);
        await attacker.GotoAsync("/account/sessions");

        var refused = await WithoutScript.PostFormAsync(_session, attacker, $"/account/sessions?handler=Revoke&id={victimSession}", new() { ["confirmed"] = "true" }, withToken: true);
        Assert.Equal(404, refused.Status);
        Assert.StartsWith("text/html", refused.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("No such session.", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await WithoutScript.PostFormAsync(_session, attacker, $"/account/sessions?handler=Revoke&id={victimSession}", [], withToken: true)).Status);
        Assert.Equal(200, (await fixture.CallAsync(victim, "GET", "/v1/me")).Status);

        var forged = await WithoutScript.PostFormAsync(_session, attacker, $"/account/sessions?handler=Revoke&id={ownOther}", new() { ["confirmed"] = "true" }, withToken: false);
        Assert.Equal(400, forged.Status);
        var crossSite = await WithoutScript.PostFormAsync(_session, attacker, "/account/sessions?handler=SignOutOthers", new() { ["confirmed"] = "true" }, withToken: true, origin: "https://evil.example");
        Assert.Equal(403, crossSite.Status);
        Assert.Equal(200, (await fixture.CallAsync(attackerPhone, "GET", "/v1/me")).Status);
    }

    [Fact]
    public async Task AKeyIsMadeWithoutScriptShownOnceInThatAnswerOnlyAndRevokedAfterItsQuestionIsConfirmed()
    {
        var withScript = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(withScript);
        var page = await WithoutScript.SignedInAsAsync(_session, withScript);
        var json = PersonChecks.WatchForJson(page);
        await page.GotoAsync("/account/keys");

        // No scope ticked: refused at the scopes, nothing made, the name kept.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("deploys");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Read" }).UncheckAsync();
        Assert.Equal(400, await WithoutScript.SubmitAsync(page, "Create key"));
        await Assertions.Expect(page.Locator("#scopes-error")).ToContainTextAsync("scopes must be a non-empty subset");
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Read" })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("deploys");
        await Assertions.Expect(page.Locator("#new-key")).ToBeHiddenAsync();
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, page, "no-script-keys-scope-error");
        Assert.Equal(0, (await fixture.JsonAsync(withScript, "/v1/me/api-keys")).GetArrayLength());

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Read" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Write" }).CheckAsync();
        await page.GetByLabel("Expires in").SelectOptionAsync("30d");
        var created = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Request.IsNavigationRequest);
        Assert.Equal(200, created.Status);
        Assert.Contains("no-store", created.Headers["cache-control"], StringComparison.Ordinal);
        var shown = page.Locator("#new-key-value");
        await Assertions.Expect(page.Locator("#new-key")).ToBeVisibleAsync();
        await Assertions.Expect(shown).ToHaveTextAsync(new Regex("^alb_[0-9a-f]{60}$"));
        var key = (await shown.TextContentAsync())!;
        Assert.DoesNotContain(key, page.Url, StringComparison.Ordinal);
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, page, "no-script-keys-created");
        var listed = (await fixture.JsonAsync(withScript, "/v1/me/api-keys")).EnumerateArray().Single();
        Assert.Equal(["read", "write"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(200, await fixture.StatusWithKeyAsync(key, "/v1/me"));

        // Never shown again: the list is the key's name and prefix only.
        await page.GetByRole(AriaRole.Link, new() { Name = "I have copied it: show my keys" }).ClickAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#new-key")).ToBeHiddenAsync();

        // Revoke: the question first, then the key stops at once.
        Assert.Equal(200, await WithoutScript.SubmitAsync(page, "Revoke deploys"));
        await Assertions.Expect(page.Locator(".confirm-step p")).ToHaveTextAsync("Revoke the key “deploys”? Anything that uses it stops working at once.");
        Assert.Equal(200, await fixture.StatusWithKeyAsync(key, "/v1/me"));
        Assert.Equal(303, await WithoutScript.SubmitAsync(page, "Yes, revoke “deploys”"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The key is revoked: it no longer works anywhere.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke deploys" })).ToHaveCountAsync(0);
        Assert.Equal(401, await fixture.StatusWithKeyAsync(key, "/v1/me"));
        Assert.Empty(json);
    }

    [Fact]
    public async Task AKeyAskedForByAStaleSessionWithoutScriptIsRefusedInWordsAndAnotherAccountsKeyIsNotFound()
    {
        var victim = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(victim);
        var made = await fixture.CallAsync(victim, "POST", "/v1/me/api-keys", new { name = "victim's", expiresIn = "30d" });
        Assert.Equal(201, made.Status);
        var victimKey = (await made.JsonAsync())!.Value;

        var withScript = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(withScript);
        var page = await WithoutScript.SignedInAsAsync(_session, withScript);
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        await page.GotoAsync("/account/keys");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("too late");
        Assert.Equal(403, await WithoutScript.SubmitAsync(page, "Create key"));
        await Assertions.Expect(page.Locator("form[data-api='/v1/me/api-keys'] [data-form-error]")).ToContainTextAsync("confirm it is you");
        await Assertions.Expect(page.Locator("#new-key")).ToBeHiddenAsync();
        Assert.Equal(0, (await fixture.JsonAsync(withScript, "/v1/me/api-keys")).GetArrayLength());

        var id = victimKey.GetProperty("id").GetString();
        var refused = await WithoutScript.PostFormAsync(_session, page, $"/account/keys?handler=Revoke&id={id}", new() { ["confirmed"] = "true" }, withToken: true);
        Assert.Equal(404, refused.Status);
        Assert.Contains("No such API key.", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(200, await fixture.StatusWithKeyAsync(victimKey.GetProperty("key").GetString()!, "/v1/me"));
    }

    private async Task<string> CurrentSessionIdAsync(IPage page)
        => (await fixture.JsonAsync(page, "/v1/me/sessions")).EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;
}
