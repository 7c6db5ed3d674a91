using Albumi.Grains.Audit;
using Albumi.Silo.Operators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// What the layout gives every page: the theme switch (without script, with script, refusing other sites), the skip
/// link, the workspace switcher, and the operators' links shown to operators only.
/// </summary>
public sealed class SiteLayoutPageTests(SiteLayoutPageTests.SharedSession shared) : IClassFixture<SiteLayoutPageTests.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;

    public sealed class SharedSession : IAsyncLifetime
    {
        public BrowserSession Session { get; private set; } = null!;

        public async Task InitializeAsync()
            => Session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Albumi:Auth:SignInAttemptsPerIp"] = "10000" });

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }

    private Dictionary<string, string> FormFrom(string origin) => new()
    {
        ["Origin"] = origin,
        ["Content-Type"] = "application/x-www-form-urlencoded",
    };

    [Fact]
    public async Task EveryPageNamesAnIconTheNodeServesSoNoBrowserAsksForAMissingFavicon()
    {
        var page = await _session.NewPageAsync();
        await page.GotoAsync("/signin");
        var icon = await page.Locator("link[rel='icon']").GetAttributeAsync("href");
        var served = await page.Context.APIRequest.GetAsync(icon!);
        Assert.Equal(200, served.Status);
        Assert.StartsWith("image/svg+xml", served.Headers["content-type"], StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheAccessibilityCheckEveryPageTestUsesFailsOnAnUnnamedButtonAndOnSidewaysScroll()
    {
        // PersonChecks runs axe-core itself (not through the wrapper): this shows that check can fail.
        var page = await _session.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html lang=\"en\"><head><title>Check</title></head><body><main><h1>Check</h1><button></button></main></body></html>");
        var unnamed = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => PersonChecks.AccessibleInThisThemeAsync(page, "person-check-unnamed-button"));
        Assert.Contains("button-name (critical)", unnamed.Message, StringComparison.Ordinal);

        await page.SetContentAsync("<!doctype html><html lang=\"en\"><head><title>Check</title></head><body><main><h1>Check</h1><div style=\"width: 600px\">Wide</div></main></body></html>");
        var wide = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => PersonChecks.AccessibleInThisThemeAsync(page, "person-check-wide"));
        Assert.Contains("scrolls sideways", wide.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheThemeSwitchWorksWithoutScriptAndComesBackOnlyToAPathOfThisSite()
    {
        var context = await _session.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _session.BaseUrl, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin?returnUrl=%2Fworkspaces");
        var html = page.Locator("html");
        await Assertions.Expect(html).ToHaveAttributeAsync("data-color-mode", "auto");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Auto" })).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GetByRole(AriaRole.Button, new() { Name = "Dark" }).ClickAsync();

        // Back on the same page, with its query, dark from the server's first byte (no script ran).
        await Assertions.Expect(html).ToHaveAttributeAsync("data-color-mode", "dark");
        await Assertions.Expect(page).ToHaveURLAsync($"{_session.BaseUrl}/signin?returnUrl=%2Fworkspaces");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark" })).ToHaveAttributeAsync("aria-pressed", "true");
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "albumi_color_mode");
        Assert.Equal("dark", cookie.Value);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.True(cookie.HttpOnly);

        // Another site as the way back, in any disguise, and a mode that is not one: 400, and the choice stays as it was.
        foreach (var returnUrl in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil.example/", "" })
        {
            var refused = await context.APIRequest.PostAsync("/appearance", new()
            {
                Headers = FormFrom(_session.BaseUrl),
                Data = "mode=light&returnUrl=" + Uri.EscapeDataString(returnUrl),
                MaxRedirects = 0,
            });
            Assert.True(refused.Status == 400, $"returnUrl '{returnUrl}' answered {refused.Status}");
            Assert.False(refused.Headers.ContainsKey("set-cookie"), $"returnUrl '{returnUrl}' set a cookie");
        }

        var unknownMode = await context.APIRequest.PostAsync("/appearance", new() { Headers = FormFrom(_session.BaseUrl), Data = "mode=purple&returnUrl=%2Fsignin", MaxRedirects = 0 });
        Assert.Equal(400, unknownMode.Status);

        // A post from another site is refused before it is read: said by its Origin, or (a form post under
        // no-referrer says Origin: null) by Sec-Fetch-Site; the browser's own post above said same-origin.
        var crossSite = await context.APIRequest.PostAsync("/appearance", new() { Headers = FormFrom("https://evil.example"), Data = "mode=light&returnUrl=%2Fsignin", MaxRedirects = 0 });
        Assert.Equal(403, crossSite.Status);
        foreach (var from in new[] { "cross-site", "same-site", "" })
        {
            var headers = FormFrom("null");
            if (from.Length > 0)
            {
                headers["Sec-Fetch-Site"] = from;
            }

            var opaque = await context.APIRequest.PostAsync("/appearance", new() { Headers = headers, Data = "mode=light&returnUrl=%2Fsignin", MaxRedirects = 0 });
            Assert.True(opaque.Status == 403, $"Origin: null with Sec-Fetch-Site '{from}' answered {opaque.Status}");
        }

        Assert.Equal("dark", Assert.Single(await context.CookiesAsync(), c => c.Name == "albumi_color_mode").Value);

        var accepted = await context.APIRequest.PostAsync("/appearance", new() { Headers = FormFrom(_session.BaseUrl), Data = "mode=light&returnUrl=%2Fsignin", MaxRedirects = 0 });
        Assert.Equal(302, accepted.Status);
        Assert.Equal("/signin", accepted.Headers["location"]);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task WithScriptTheSwitchTurnsThePageDarkInPlaceAndTheChoiceHoldsOnTheNextPageAndTheApiReference()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Dark" }).ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-color-mode", "dark");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark" })).ToBeFocusedAsync();
        Assert.EndsWith("/workspaces", page.Url, StringComparison.Ordinal);
        await PersonChecks.AccessibleInThisThemeAsync(page, "workspaces-switched-dark");

        // The device says light; the explicit choice wins, from the server.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await page.GotoAsync("/account/security");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-color-mode", "dark");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual("rgb(255, 255, 255)", background);

        var docs = await page.Context.APIRequest.GetAsync("/docs");
        Assert.Equal(200, docs.Status);
        Assert.Contains("\"forceDarkModeState\":\"dark\"", await docs.TextAsync(), StringComparison.Ordinal);

        // The same choice as a page of its own, where the switch's form lands a person who opens it.
        await page.GotoAsync("/appearance?returnUrl=%2Faccount%2Fsecurity");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back" })).ToHaveAttributeAsync("href", "/account/security");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "appearance");

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Auto" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-color-mode", "auto");
        Assert.DoesNotContain("forceDarkModeState", await (await page.Context.APIRequest.GetAsync("/docs")).TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSkipLinkIsTheFirstStopAndTakesTheKeyboardToTheMainContent()
    {
        var page = await _session.NewPageAsync();
        await page.GotoAsync("/signin");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("main#main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Email")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task OperatorsSeeTheLinksToOpsOrleansAndTheApiReferenceAndAMemberDoesNot()
    {
        var operatorPage = await _session.NewPageAsync();
        var (operatorEmail, _) = await BrowserSession.SignUpAsync(operatorPage);
        var member = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(member);
        var audit = _session.Node.Services.GetRequiredService<SecurityAuditLog>();
        Assert.Equal(0, await OperatorCommands.RunAsync(_session.Database.OwnerConnectionString, audit, ["grant", operatorEmail], new StringWriter()));

        await member.ReloadAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Navigation, new() { Name = "Account" })).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Navigation, new() { Name = "Operators" })).ToHaveCountAsync(0);
        await Assertions.Expect(member.Locator("a[href='/ops'], a[href='/ops/orleans/'], a[href='/docs']")).ToHaveCountAsync(0);

        await operatorPage.ReloadAsync();
        var links = operatorPage.GetByRole(AriaRole.Navigation, new() { Name = "Operators" });
        await Assertions.Expect(links.GetByRole(AriaRole.Link, new() { Name = "Operations" })).ToHaveAttributeAsync("href", "/ops");
        await Assertions.Expect(links.GetByRole(AriaRole.Link, new() { Name = "Orleans dashboard" })).ToHaveAttributeAsync("href", "/ops/orleans/");
        await Assertions.Expect(links.GetByRole(AriaRole.Link, new() { Name = "API reference" })).ToHaveAttributeAsync("href", "/docs");
        await PersonChecks.AccessibleAtBothWidthsAsync(operatorPage, "workspaces-operator");
        await links.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Name = "Operations", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(links.GetByRole(AriaRole.Link, new() { Name = "Operations" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).Locator("[aria-current]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheWorkspaceSwitcherListsMyWorkspacesOnlyAndOpensTheOneChosen()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        var stranger = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(stranger);
        var mine = await CreateWorkspaceAsync(page, "Switcher Alpha");
        await CreateWorkspaceAsync(page, "Switcher Beta");
        await CreateWorkspaceAsync(stranger, "Not Yours");

        await page.ReloadAsync();
        var switcher = page.GetByLabel("Switch workspace");
        await Assertions.Expect(switcher.Locator("option")).ToHaveTextAsync(["Choose…", "Switcher Alpha", "Switcher Beta"]);
        await switcher.SelectOptionAsync(new SelectOptionValue { Label = "Switcher Alpha" });
        var opened = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync(),
            response => response.Url.Contains("/workspaces/open?ws=", StringComparison.Ordinal));
        Assert.Equal(302, opened.Status);
        Assert.Equal($"/workspaces/{mine}", await opened.HeaderValueAsync("location"));

        // Not an id: back to the list, never somewhere else.
        var odd = await page.Context.APIRequest.GetAsync("/workspaces/open?ws=%2F%2Fevil.example", new() { MaxRedirects = 0 });
        Assert.Equal("/workspaces", odd.Headers["location"]);
    }

    private async Task<string> CreateWorkspaceAsync(IPage page, string name)
    {
        var created = await page.Context.APIRequest.PostAsync("/v1/workspaces", new() { DataObject = new { name }, Headers = new Dictionary<string, string> { ["Origin"] = _session.BaseUrl } });
        Assert.Equal(201, created.Status);
        return (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
    }
}
