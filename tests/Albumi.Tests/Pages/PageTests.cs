using System.Text.RegularExpressions;
using Albumi.Tests.Identity;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// Pages in a real browser. The tests share one node and one Chromium (each page is a fresh browser context with its own
/// cookies, each test its own accounts): starting them per test cost several seconds each.
/// </summary>
public sealed class PageTests(PageTests.SharedSession shared) : IClassFixture<PageTests.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;

    /// <summary>One node and browser for the class; sign-ins from the one loopback address are not throttled here (SignInThrottle is tested on its own).</summary>
    public sealed class SharedSession : IAsyncLifetime
    {
        public BrowserSession Session { get; private set; } = null!;

        public async Task InitializeAsync()
            => Session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Albumi:Auth:SignInAttemptsPerIp"] = "10000" });

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }

    [Fact]
    public async Task APersonSignsUpCreatesAWorkspaceAndSignsInAgainInARealBrowser()
    {
        var page = await _session.NewPageAsync();
        var email = AccountClient.NewEmail();
        var password = AccountClient.StrongPassword();

        await page.GotoAsync("/signup");
        await BrowserSession.ScreenshotAsync(page, "signup");
        await page.GetByLabel("Your name").FillAsync("Ada Browser");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");

        await page.GetByLabel("Name").FillAsync("Browser Workspace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul.workspaces")).ToContainTextAsync("Browser Workspace");
        await Assertions.Expect(page.Locator("ul.workspaces")).ToContainTextAsync("owner");
        await BrowserSession.ScreenshotAsync(page, "workspaces");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await page.GotoAsync("/workspaces");
        await page.WaitForURLAsync("**/signin");
        await BrowserSession.ScreenshotAsync(page, "signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        await Assertions.Expect(page.Locator("ul.workspaces")).ToContainTextAsync("Browser Workspace");
    }

    [Fact]
    public async Task FieldErrorsFromTheProblemResponseAppearNextToTheFieldAndNothingIsCreated()
    {
        var page = await _session.NewPageAsync();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync("Short Password");
        await page.GetByLabel("Email").FillAsync(AccountClient.NewEmail());
        await page.GetByLabel("Password (at least 12 characters)").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-error-for='password']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByLabel("Password (at least 12 characters)")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserSession.ScreenshotAsync(page, "signup-errors");
        Assert.EndsWith("/signup", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesCarryAStrictContentSecurityPolicyAndNoInlineScript()
    {
        var page = await _session.NewPageAsync();
        foreach (var path in new[] { "/signin", "/signup" })
        {
            var response = await page.GotoAsync(path);
            var headers = await response!.AllHeadersAsync();
            Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Equal("no-referrer", headers["referrer-policy"]);
            Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase), await page.ContentAsync());
            // Every field a person fills is labelled; a hidden field (the form's antiforgery token) is not one.
            Assert.Equal(0, await page.Locator("input:not([id]):not([type=hidden])").CountAsync());
            foreach (var input in await page.Locator("input:not([type=hidden])").AllAsync())
            {
                var id = await input.GetAttributeAsync("id");
                Assert.Equal(1, await page.Locator($"label[for='{id}']").CountAsync());
            }
        }
    }

    [Fact]
    public async Task TheApiReferenceRendersTheDocumentFromThisNodeWithScriptsOnlyUnderAFreshNonce()
    {
        var page = await _session.NewPageAsync();
        var elsewhere = new List<string>();
        var violations = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(_session.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) && message.Text.Contains("script", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        var first = await page.GotoAsync("/docs");
        // The reference renders a document of some 130 operations in the browser: give it time on a busy machine.
        var rendering = new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 };
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Albumi API" }).First).ToBeVisibleAsync(rendering);
        foreach (var tag in new[] { "Workspaces", "Catalog", "Sign-in" })
        {
            await Assertions.Expect(page.GetByText(tag, new() { Exact = true }).First).ToBeVisibleAsync(rendering);
        }
        await BrowserSession.ScreenshotAsync(page, "api-reference");

        var policy = (await first!.AllHeadersAsync())["content-security-policy"];
        var scripts = Regex.Match(policy, "script-src ([^;]*)").Groups[1].Value;
        Assert.Matches("^'self' 'nonce-[A-Za-z0-9+/=_-]{16,}'$", scripts);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var again = (await (await page.GotoAsync("/docs"))!.AllHeadersAsync())["content-security-policy"];
        Assert.NotEqual(scripts, Regex.Match(again, "script-src ([^;]*)").Groups[1].Value);
        Assert.Empty(violations);
        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task ANewApiKeyIsShownOnceWithACopyButtonAndNeverAgain()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        await page.GotoAsync("/account/keys");
        await page.GetByLabel("Name").FillAsync("deploys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var shown = page.Locator("#new-key-value");
        await Assertions.Expect(shown).ToHaveTextAsync(new Regex("^alb_[0-9a-f]{60}$"));
        var key = await shown.TextContentAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "api-key-created");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("ul.keys")).ToContainTextAsync("deploys");
        Assert.DoesNotContain(key!, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains(key![4..12], await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "api-keys");
    }

    [Fact]
    public async Task LoggingOutOtherDevicesBouncesTheSecondBrowserToSignIn()
    {
        var first = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(first);
        var second = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(second, email, password);

        await first.GotoAsync("/account/sessions");
        await Assertions.Expect(first.Locator("ul.sessions li")).ToHaveCountAsync(2);
        await BrowserSession.ScreenshotAsync(first, "sessions");
        first.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Log out other devices" }).ClickAsync();
        await Assertions.Expect(first.Locator("ul.sessions li")).ToHaveCountAsync(1);

        await second.GotoAsync("/workspaces");
        await second.WaitForURLAsync("**/signin");
        await first.GotoAsync("/workspaces");
        Assert.EndsWith("/workspaces", first.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShareLinkOpensWithoutSignInAndShowsNoneOfTheStrippedFields()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var api = owner.Context.APIRequest;
        var origin = new Dictionary<string, string> { ["Origin"] = _session.BaseUrl };
        var workspace = await (await api.PostAsync("/v1/workspaces", new() { DataObject = new { name = "Shared" }, Headers = origin })).JsonAsync();
        var ws = workspace!.Value.GetProperty("id").GetString();
        var shop = await (await api.PostAsync($"/v1/workspaces/{ws}/applications", new() { DataObject = new { name = "Shop" }, Headers = origin })).JsonAsync();
        var erp = await (await api.PostAsync($"/v1/workspaces/{ws}/applications", new() { DataObject = new { name = "ERP" }, Headers = origin })).JsonAsync();
        var flow = await (await api.PostAsync($"/v1/workspaces/{ws}/integrations", new()
        {
            DataObject = new { name = "Orders", sourceApplicationId = shop!.Value.GetProperty("id").GetString(), targetApplicationId = erp!.Value.GetProperty("id").GetString(), transformationNotes = "secret-mapping-notes" },
            Headers = origin,
        })).JsonAsync();
        var api2 = await (await api.PostAsync($"/v1/workspaces/{ws}/interfaces", new()
        {
            DataObject = new { name = "Orders API", integrationId = flow!.Value.GetProperty("id").GetString(), endpoint = "https://erp.internal/secret", authentication = "basic secret-credentials" },
            Headers = origin,
        })).JsonAsync();
        var share = await (await api.PostAsync($"/v1/workspaces/{ws}/shares", new()
        {
            DataObject = new { kind = "interfaces", id = api2!.Value.GetProperty("id").GetString() },
            Headers = origin,
        })).JsonAsync();
        var url = share!.Value.GetProperty("url").GetString()!;

        var stranger = await _session.NewPageAsync();
        var response = await stranger.GotoAsync(url);

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(stranger.Locator("h1")).ToHaveTextAsync("Orders API");
        var html = await stranger.ContentAsync();
        foreach (var secret in new[] { "erp.internal", "secret-credentials", "secret-mapping-notes", ws!, "endpoint", "authentication" })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }

        await BrowserSession.ScreenshotAsync(stranger, "share-link");
    }

    [Fact]
    public async Task AViewerSeesNoAdminControlsAndIsRefusedWhenCallingThemDirectly()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var origin = new Dictionary<string, string> { ["Origin"] = _session.BaseUrl };
        var created = await (await owner.Context.APIRequest.PostAsync("/v1/workspaces", new() { DataObject = new { name = "Roles" }, Headers = origin })).JsonAsync();
        var ws = created!.Value.GetProperty("id").GetString();
        var viewer = await _session.NewPageAsync();
        var (viewerEmail, _) = await BrowserSession.SignUpAsync(viewer);
        var invite = await (await owner.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email = viewerEmail, role = "viewer" }, Headers = origin })).JsonAsync();
        var accepted = await viewer.Context.APIRequest.PostAsync($"/v1/invites/{invite!.Value.GetProperty("token").GetString()}/accept", new() { Headers = origin });
        Assert.Equal(200, accepted.Status);

        await owner.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Invite" })).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Link, new() { Name = "Security audit" })).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Remove Page Tester" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(owner, "workspace-owner");
        await owner.GotoAsync($"/workspaces/{ws}/applications");
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Add application" })).ToBeVisibleAsync();
        foreach (var path in new[] { $"/workspaces/{ws}", $"/workspaces/{ws}/applications", $"/workspaces/{ws}/settings" })
        {
            await viewer.GotoAsync(path);
            Assert.Equal(0, await viewer.Locator("[data-admin]").CountAsync());
        }

        await viewer.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(viewer.Locator("ul.members")).ToContainTextAsync("viewer");
        await BrowserSession.ScreenshotAsync(viewer, "workspace-viewer");
        Assert.Equal(403, (await viewer.GotoAsync($"/workspaces/{ws}/audit"))!.Status);
        Assert.Equal(403, (await viewer.GotoAsync($"/workspaces/{ws}/shares"))!.Status);

        var direct = await viewer.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email = AccountClient.NewEmail(), role = "viewer" }, Headers = origin });
        Assert.Equal(403, direct.Status);
        var write = await viewer.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/applications", new() { DataObject = new { name = "sneaky" }, Headers = origin });
        Assert.Equal(403, write.Status);
        var elsewhere = await viewer.GotoAsync($"/workspaces/{Guid.NewGuid()}");
        Assert.Equal(404, elsewhere!.Status);
    }

    [Fact]
    public async Task AnEntityAddedOnThePageShowsItsFieldsAndItsActivityTimeline()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        var origin = new Dictionary<string, string> { ["Origin"] = _session.BaseUrl };
        var ws = (await (await page.Context.APIRequest.PostAsync("/v1/workspaces", new() { DataObject = new { name = "Catalogue" }, Headers = origin })).JsonAsync())!
            .Value.GetProperty("id").GetString();

        await page.GotoAsync($"/workspaces/{ws}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Applications" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Billing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add application" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Billing");
        var id = page.Url.Split('/')[^1];
        var patched = await page.Context.APIRequest.PatchAsync($"/v1/workspaces/{ws}/applications/{id}", new() { DataObject = new { status = "retired" }, Headers = origin });
        Assert.Equal(200, patched.Status);
        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("ol.timeline > li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("ol.timeline > li").First).ToContainTextAsync("status changed");
        await Assertions.Expect(page.Locator("ol.timeline > li").First).ToContainTextAsync("Status: active → retired");
        await Assertions.Expect(page.Locator("ol.timeline > li").Last).ToContainTextAsync("created by Page Tester");
        await BrowserSession.ScreenshotAsync(page, "entity");
        Assert.Equal(404, (await page.GotoAsync($"/workspaces/{ws}/applications/{Guid.NewGuid()}"))!.Status);
    }

    [Fact]
    public async Task TheOwnerDeletesAfterTypingTheNameAndRestoresDuringTheGracePeriod()
    {
        var page = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        var origin = new Dictionary<string, string> { ["Origin"] = _session.BaseUrl };
        var ws = (await (await page.Context.APIRequest.PostAsync("/v1/workspaces", new() { DataObject = new { name = "Doomed" }, Headers = origin })).JsonAsync())!
            .Value.GetProperty("id").GetString();

        await page.GotoAsync($"/workspaces/{ws}/settings");
        await page.GetByLabel("Type the workspace's name to confirm").FillAsync("Doomd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete workspace" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-for='confirmName']")).Not.ToBeEmptyAsync();
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).Status);

        await page.GetByLabel("Type the workspace's name to confirm").FillAsync("Doomed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete workspace" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.deleted")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "workspace-deleted");
        Assert.Equal(404, (await page.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).Status);

        // Its audit stays readable while it waits for its purge, as the API's does, and leads back to the restore.
        await page.GetByRole(AriaRole.Link, new() { Name = "security audit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Doomed: security audit" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main .flash-warn")).ToContainTextAsync("This workspace was deleted");
        await Assertions.Expect(page.Locator("table.audit tbody tr").Filter(new() { HasText = "workspace-deleted" })).ToHaveCountAsync(1);
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "audit-deleted-workspace");
        await page.GetByRole(AriaRole.Link, new() { Name = "← Back to the workspace" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Restore workspace" }).ClickAsync();
        await page.WaitForURLAsync($"**/workspaces/{ws}");
        await page.GotoAsync("/workspaces");
        await Assertions.Expect(page.Locator("ul.workspaces")).ToContainTextAsync("Doomed");
    }

    [Fact]
    public async Task SignInHistoryAndSecurityAlertsAreShownToTheirOwner()
    {
        var page = await _session.NewPageAsync();
        var (email, _) = await BrowserSession.SignUpAsync(page);
        var failed = await page.Context.APIRequest.PostAsync("/auth/password/signin", new()
        {
            DataObject = new { email, password = "definitely-not-it-123" },
            Headers = new Dictionary<string, string> { ["Origin"] = _session.BaseUrl },
        });
        Assert.Equal(401, failed.Status);

        await page.GotoAsync("/account/history");
        await Assertions.Expect(page.Locator("ul.history li")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("ul.alerts")).ToContainTextAsync("Sign-in failed");
        await BrowserSession.ScreenshotAsync(page, "history");
    }
}
