using Albumi.Tests.Identity;
using Albumi.Tests.Identity.Oidc;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>The sign-in page with a configured OpenID Connect provider (a real one, run from npm), in a real browser.</summary>
public sealed class ProviderSignInPageTests(OidcProviderFixture provider) : IAsyncLifetime, IClassFixture<OidcProviderFixture>
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(provider.NodeSettings("testidp"));

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task TheSignInPageOffersTheConfiguredProviderAndItsCodeFlowLandsOnTheWorkspaces()
    {
        var email = AccountClient.NewEmail();
        await provider.NextAsync($"subject-{Guid.NewGuid():N}", email, emailVerified: true, name: "Grace Browser");
        var page = await _session.NewPageAsync();

        await page.GotoAsync("/signin");
        await BrowserSession.ScreenshotAsync(page, "signin-with-provider");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test IdP" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");

        var me = await (await page.Context.APIRequest.GetAsync("/v1/me")).JsonAsync();
        Assert.Equal(email, me!.Value.GetProperty("email").GetString());
        Assert.Equal("Grace Browser", me.Value.GetProperty("displayName").GetString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your workspaces");
    }
}
