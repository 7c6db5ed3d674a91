using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// A browser (Accept: text/html) meets every refusal as a page in the app's layout that names the reason and the way
/// out, while the same address fetched as an API client still answers problem JSON.
/// </summary>
public sealed class BrowserErrorPageTests : IAsyncLifetime
{
    private BrowserSession _session = null!;

    private Dictionary<string, string> Origin => new() { ["Origin"] = _session.BaseUrl };

    /// <summary>A low limit of failed API keys per address, so a browser sent a bad key meets a 429 within a few requests.</summary>
    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Albumi:Auth:FailedApiKeyAttemptsPerIp"] = "3" });

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task AnotherTenantsWorkspaceIsTheSameNotFoundPageAsARandomIdAndApiClientsStillGetProblemJson()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var ws = await CreateWorkspaceAsync(owner, "Private Plans");
        var stranger = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(stranger);

        var theirs = await stranger.GotoAsync($"/workspaces/{ws}");
        Assert.Equal(404, theirs!.Status);
        Assert.StartsWith("text/html", theirs.Headers["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Assertions.Expect(stranger.GetByRole(AriaRole.Link, new() { Name = "Go to your workspaces" })).ToBeVisibleAsync();
        var theirsText = await stranger.Locator("main").InnerTextAsync();
        await PersonChecks.ShowsAPageAsync(stranger);
        await PersonChecks.AccessibleAtBothWidthsAsync(stranger, "error-404");
        Assert.DoesNotContain("Private Plans", await stranger.ContentAsync(), StringComparison.Ordinal);

        var random = await stranger.GotoAsync($"/workspaces/{Guid.NewGuid()}");
        Assert.Equal(404, random!.Status);
        Assert.Equal(theirsText, await stranger.Locator("main").InnerTextAsync());

        // The API's address in the browser: the same page. Fetched as an API client: the problem document, as before.
        Assert.Equal(404, (await stranger.GotoAsync($"/v1/workspaces/{ws}"))!.Status);
        Assert.Equal(theirsText, await stranger.Locator("main").InnerTextAsync());
        foreach (var accept in new[] { "application/json", "*/*" })
        {
            var api = await stranger.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}", new() { Headers = new Dictionary<string, string> { ["Accept"] = accept } });
            Assert.Equal(404, api.Status);
            Assert.Equal("application/problem+json", api.Headers["content-type"]);
            Assert.Equal("https://albumi.dev/problems/not-found", (await api.JsonAsync())!.Value.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task ARoleThatMayNotSeeAPageGetsAForbiddenPageNamingTheReasonAndApiClientsStillGetProblemJson()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var ws = await CreateWorkspaceAsync(owner, "Audited");
        var viewer = await _session.NewPageAsync();
        var (email, _) = await BrowserSession.SignUpAsync(viewer);
        var invite = await (await owner.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email, role = "viewer" }, Headers = Origin })).JsonAsync();
        Assert.Equal(200, (await viewer.Context.APIRequest.PostAsync($"/v1/invites/{invite!.Value.GetProperty("token").GetString()}/accept", new() { Headers = Origin })).Status);

        var page = await viewer.GotoAsync($"/workspaces/{ws}/audit");
        Assert.Equal(403, page!.Status);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Your role does not allow this" })).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator("main")).ToContainTextAsync("Ask an admin or the owner");
        await PersonChecks.ShowsAPageAsync(viewer);
        await PersonChecks.AccessibleAtBothWidthsAsync(viewer, "error-403");
        await viewer.GetByRole(AriaRole.Link, new() { Name = "Go to your workspaces" }).ClickAsync();
        await viewer.WaitForURLAsync("**/workspaces");

        var api = await viewer.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/audit", new() { Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
        Assert.Equal(403, api.Status);
        Assert.Equal("application/problem+json", api.Headers["content-type"]);
        Assert.Equal("https://albumi.dev/problems/forbidden", (await api.JsonAsync())!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ASignedOutBrowserIsSentToSignInAndBackWhileApiClientsGet401()
    {
        var owner = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(owner);
        var ws = await CreateWorkspaceAsync(owner, "Come Back");

        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        await page.GotoAsync($"/workspaces/{ws}");
        await page.WaitForURLAsync(new Regex($@"/signin\?returnUrl=%2Fworkspaces%2F{ws}$"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**/workspaces/{ws}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Come Back");

        // An API address opened signed out: its documented 401, as a page that offers sign-in and the way back, not a 401 document.
        var signedOut = await _session.NewPageAsync();
        var me = await signedOut.GotoAsync("/v1/me");
        Assert.Equal(401, me!.Status);
        Assert.StartsWith("text/html", me.Headers["content-type"], StringComparison.Ordinal);
        await signedOut.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await signedOut.WaitForURLAsync(new Regex(@"/signin\?returnUrl=%2Fv1%2Fme$"));
        var api = await signedOut.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}");
        Assert.Equal(401, api.Status);
        Assert.Equal("application/problem+json", api.Headers["content-type"]);

        // A return address to another site is not followed: '//host', nor '/<TAB>/host' (browsers drop the tab), nor
        // '/{x}/host' (the page's script fills {name} in its next address, which would leave '//host').
        foreach (var foreign in new[] { "%2F%2Fevil.example%2F", "%2F%09%2Fevil.example%2F", "%2F%7Bx%7D%2Fevil.example%2F" })
        {
            var fresh = await _session.NewPageAsync();
            await fresh.GotoAsync("/signin?returnUrl=" + foreign);
            await fresh.GetByLabel("Email").FillAsync(email);
            await fresh.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await fresh.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await fresh.WaitForURLAsync($"{_session.BaseUrl}/workspaces");
            await fresh.Context.CloseAsync();
        }

        Assert.Empty(json);
    }

    [Fact]
    public async Task AWrongMethodAndAnUnknownAddressArePagesForABrowserAndProblemJsonForAnApiClient()
    {
        var page = await _session.NewPageAsync();
        var wrongMethod = await page.GotoAsync("/auth/signout");
        Assert.Equal(405, wrongMethod!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not possible here" })).ToBeVisibleAsync();
        await PersonChecks.ShowsAPageAsync(page);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "error-405");

        var nowhere = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, nowhere!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();

        // The error page's own address shows nothing of its own.
        Assert.Equal(404, (await page.GotoAsync("/errors/page"))!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();

        foreach (var (path, status) in new[] { ("/auth/signout", 405), ("/no/such/page", 404), ("/errors/page", 404) })
        {
            var api = await page.Context.APIRequest.GetAsync(path, new() { Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
            Assert.Equal(status, api.Status);
            Assert.Equal("application/problem+json", api.Headers["content-type"]);
        }
    }

    [Fact]
    public async Task AnApiKeyInTheAddressIsRefusedWithAPageThatNeverWritesTheKeyBack()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var key = "alb_" + new string('7', 60);
        var refused = await page.GotoAsync($"/v1/me?key={key}");
        Assert.Equal(400, refused!.Status);
        await PersonChecks.ShowsAPageAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "An API key was in the address" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Your API keys" })).ToHaveAttributeAsync("href", "/account/keys");
        Assert.DoesNotContain(new string('7', 60), await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(json);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "error-key-in-address");

        // A key-shaped path segment is a secret too: no page writes it back, and no sign-in redirect carries it along.
        var signedOut = await page.Context.APIRequest.GetAsync($"/workspaces/{key}", new() { MaxRedirects = 0, Headers = new Dictionary<string, string> { ["Accept"] = "text/html" } });
        Assert.Equal(302, signedOut.Status);
        Assert.DoesNotContain(new string('7', 60), signedOut.Headers["location"], StringComparison.Ordinal);
        await BrowserSession.SignUpAsync(page);
        foreach (var path in new[] { $"/v1/workspaces/{key}", $"/workspaces/{key}" })
        {
            var shown = await page.GotoAsync(path);
            Assert.Equal(404, shown!.Status);
            Assert.DoesNotContain(new string('7', 60), await page.ContentAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TooManyAttemptsIsAPageThatSaysWhenToRetryAndProblemJsonWithRetryAfterForAnApiClient()
    {
        // A browser carrying a wrong key (as a misconfigured extension or proxy might): each refusal a page, then the limit.
        var context = await _session.Browser.NewContextAsync(new()
        {
            BaseURL = _session.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer alb_" + new string('0', 60) },
        });
        var page = await context.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var first = await page.GotoAsync("/v1/me");
        Assert.Equal(401, first!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in first" })).ToBeVisibleAsync();
        IResponse? limited = null;
        for (var attempt = 0; attempt < 10 && limited is null; attempt++)
        {
            var response = await page.GotoAsync("/v1/me");
            limited = response!.Status == 429 ? response : null;
        }

        Assert.NotNull(limited);
        Assert.True(int.Parse(limited.Headers["retry-after"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many attempts" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(new Regex(@"Wait (\d+ seconds|\d+ minutes|a second) before trying again"));
        await PersonChecks.ShowsAPageAsync(page);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "error-429");
        Assert.Empty(json);

        var api = await context.APIRequest.GetAsync("/v1/me", new() { Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
        Assert.Equal(429, api.Status);
        Assert.Equal("application/problem+json", api.Headers["content-type"]);
        Assert.True(api.Headers.ContainsKey("retry-after"));
        await context.DisposeAsync();
    }

    private async Task<string> CreateWorkspaceAsync(IPage page, string name)
    {
        var created = await page.Context.APIRequest.PostAsync("/v1/workspaces", new() { DataObject = new { name }, Headers = Origin });
        Assert.Equal(201, created.Status);
        return (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
    }
}
