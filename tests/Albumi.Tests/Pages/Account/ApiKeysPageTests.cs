using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>/account/keys: a key made with chosen scopes, workspaces and expiry, shown once, listed, and revoked after asking.</summary>
public sealed class ApiKeysPageTests(AccountPagesFixture fixture) : IClassFixture<AccountPagesFixture>
{
    private readonly BrowserSession _session = fixture.Session;

    [Fact]
    public async Task AKeyLimitedToReadingOneWorkspaceIsShownOnceThenListedWithItsScopesWorkspaceAndTimes()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await BrowserSession.SignUpAsync(page);
        var alpha = await CreateWorkspaceAsync(page, "Alpha");
        await CreateWorkspaceAsync(page, "Beta");

        await page.GotoAsync("/account/keys");
        await Assertions.Expect(page.Locator(".keys-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("nav.account-nav [aria-current='page']")).ToHaveTextAsync("API keys");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-keys-empty");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("reporting");
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Read" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Alpha" }).CheckAsync();
        await page.GetByLabel("Expires in").SelectOptionAsync("30d");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var shown = page.Locator("#new-key-value");
        await Assertions.Expect(shown).ToHaveTextAsync(new Regex("^alb_[0-9a-f]{60}$"));
        var key = (await shown.TextContentAsync())!;
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-keys-created");

        var listed = (await fixture.JsonAsync(page, "/v1/me/api-keys")).EnumerateArray().Single();
        Assert.Equal(["read"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([alpha], listed.GetProperty("workspaceIds").EnumerateArray().Select(w => w.GetString()));
        var expires = listed.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - fixture.Clock.GetUtcNow(), TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.Equal(200, await fixture.StatusWithKeyAsync(key, "/v1/me"));

        await page.GetByRole(AriaRole.Link, new() { Name = "I have copied it: show my keys" }).ClickAsync();
        var item = page.Locator("ul.keys li");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync("reporting");
        await Assertions.Expect(item).ToContainTextAsync("active");
        await Assertions.Expect(item.Locator("dt:has-text('May') + dd")).ToHaveTextAsync("read");
        await Assertions.Expect(item.Locator("dt:has-text('Workspaces') + dd")).ToHaveTextAsync("Alpha");
        await Assertions.Expect(item.Locator("dt:has-text('Expires') + dd time")).ToHaveAttributeAsync("datetime", expires.ToUniversalTime().ToString("O"));
        await Assertions.Expect(item.Locator("dt:has-text('Created') + dd time")).ToHaveCountAsync(1);
        await Assertions.Expect(item.Locator("dt:has-text('Last used') + dd")).ToBeVisibleAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-keys-list");
        Assert.Empty(json);
    }

    [Fact]
    public async Task AKeyWithNoScopeTickedIsRefusedAtTheScopesAndNoneIsMade()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        await page.GotoAsync("/account/keys");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("nothing");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Read" }).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        await Assertions.Expect(page.Locator("#scopes-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Read" })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Read" })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#new-key")).ToBeHiddenAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-keys-scope-error");
        Assert.Equal(0, (await fixture.JsonAsync(page, "/v1/me/api-keys")).GetArrayLength());
    }

    [Fact]
    public async Task RevokingAKeyAsksFirstAndStopsItAtOnce()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        var (id, key) = await CreateKeyAsync(page, "deploys");
        var questions = PageQuestions.On(page);

        await page.GotoAsync("/account/keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke deploys" }).ClickAsync();
        await Assertions.Expect(page.Locator($"li[data-key='{id}'] .Label")).ToHaveTextAsync("active");
        Assert.Equal(["Revoke the key “deploys”? Anything that uses it stops working at once."], questions.Asked);
        Assert.Equal(200, await fixture.StatusWithKeyAsync(key, "/v1/me"));

        questions.Accept = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke deploys" }).ClickAsync();
        var status = page.Locator("[data-focus-on-load]");
        await Assertions.Expect(status).ToHaveTextAsync("The key is revoked: it no longer works anywhere.");
        await Assertions.Expect(status).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator($"li[data-key='{id}'] .Label")).ToHaveTextAsync("revoked");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke deploys" })).ToHaveCountAsync(0);
        Assert.Equal(401, await fixture.StatusWithKeyAsync(key, "/v1/me"));
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-keys-revoked");
    }

    [Fact]
    public async Task RevokingAnotherAccountsKeyByItsIdIsRefusedAsNotFoundAndTheKeyKeepsWorking()
    {
        var victim = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(victim);
        var (victimKeyId, victimKey) = await CreateKeyAsync(victim, "victim's");
        var attacker = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(attacker);
        await BrowserSession.SignUpAsync(attacker);
        var (ownKeyId, _) = await CreateKeyAsync(attacker, "mine");
        PageQuestions.On(attacker).Accept = true;

        // The attacker points their own revoke form at the victim's key: the page says "not found", in words.
        await attacker.GotoAsync("/account/keys");
        var form = attacker.Locator($"li[data-key='{ownKeyId}'] form");
        await form.EvaluateAsync("(form, id) => form.dataset.api = '/v1/me/api-keys/' + id", victimKeyId);
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var refusal = form.Locator("[data-form-error]");
        await Assertions.Expect(refusal).ToHaveTextAsync("No such API key.");
        Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);

        // Asked by a browser, the same refusal is a 404 page; asked as an API client, a 404 problem.
        var asPage = await fixture.CallAsync(attacker, "DELETE", $"/v1/me/api-keys/{victimKeyId}", accept: "text/html");
        Assert.Equal(404, asPage.Status);
        Assert.StartsWith("text/html", asPage.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(404, (await fixture.CallAsync(attacker, "DELETE", $"/v1/me/api-keys/{victimKeyId}")).Status);

        Assert.Equal(200, await fixture.StatusWithKeyAsync(victimKey, "/v1/me"));
        var victimList = (await fixture.JsonAsync(victim, "/v1/me/api-keys")).EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, victimList.GetProperty("revokedAt").ValueKind);
        Assert.Empty(json);
    }

    private async Task<string> CreateWorkspaceAsync(IPage page, string name)
    {
        var created = await fixture.CallAsync(page, "POST", "/v1/workspaces", new { name });
        Assert.Equal(201, created.Status);
        return (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
    }

    private async Task<(string Id, string Key)> CreateKeyAsync(IPage page, string name)
    {
        var created = await fixture.CallAsync(page, "POST", "/v1/me/api-keys", new { name, expiresIn = "90d" });
        Assert.Equal(201, created.Status);
        var body = (await created.JsonAsync())!.Value;
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }
}
