using System.Text.RegularExpressions;
using Albumi.Tests.Identity;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>An invitation's page: signed out, sign up or in and come back; signed in, one button; refused, words.</summary>
public sealed class InvitePageTests(InvitePageTests.SharedSession shared) : IClassFixture<InvitePageTests.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;

    private Dictionary<string, string> Origin => new() { ["Origin"] = _session.BaseUrl };

    /// <summary>One node and browser for the class (each test signs up its own people), with room for their sign-ins.</summary>
    public sealed class SharedSession : IAsyncLifetime
    {
        public BrowserSession Session { get; private set; } = null!;

        public async Task InitializeAsync()
            => Session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Albumi:Auth:SignInAttemptsPerIp"] = "10000" });

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }

    [Fact]
    public async Task AnInvitedPersonSignsUpFromTheInvitationAndJoinsWithOneButton()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var (ws, token) = await InviteAsync(owner, "Team Atlas", "new-person-" + AccountClient.NewEmail());
        var email = token.Email;

        var invitee = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(invitee);
        await invitee.GotoAsync($"/invites/{token.Token}");
        await invitee.WaitForURLAsync(new Regex(@"/signin\?returnUrl=%2Finvites%2F"));
        await invitee.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await invitee.WaitForURLAsync(new Regex(@"/signup\?returnUrl=%2Finvites%2F"));
        await invitee.GetByLabel("Your name").FillAsync("Invited Person");
        await invitee.GetByLabel("Email").FillAsync(email);
        await invitee.GetByLabel("Password (at least 12 characters)").FillAsync(AccountClient.StrongPassword());
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await invitee.WaitForURLAsync($"**/invites/{token.Token}");

        // Before accepting, the page tells nothing an account the invite is not for should not learn.
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Name = "Accept this invitation" })).ToBeVisibleAsync();
        await Assertions.Expect(invitee.Locator("main")).ToContainTextAsync(email);
        Assert.DoesNotContain("Team Atlas", await invitee.ContentAsync(), StringComparison.Ordinal);
        await PersonChecks.AccessibleAtBothWidthsAsync(invitee, "invite");

        await invitee.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await invitee.WaitForURLAsync($"**/workspaces/{ws}");
        await Assertions.Expect(invitee.Locator("h1")).ToHaveTextAsync("Team Atlas");
        await Assertions.Expect(invitee.Locator("ul.members")).ToContainTextAsync("editor");
        Assert.Empty(json);
    }

    [Fact]
    public async Task AWrongAccountIsRefusedInWordsAndJoinsNothing()
    {
        var owner = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(owner);
        var (ws, invite) = await InviteAsync(owner, "Not Yours", AccountClient.NewEmail());

        var other = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(other);
        await BrowserSession.SignUpAsync(other);
        foreach (var token in new[] { invite.Token, "inv_not-a-real-invitation-token-at-all-000000" })
        {
            await other.GotoAsync($"/invites/{token}");
            await other.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
            var refusal = other.Locator("main [role=alert]");
            await Assertions.Expect(refusal).ToContainTextAsync("This invite cannot be used");
            Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);
            Assert.Contains("/invites/", other.Url, StringComparison.Ordinal);
        }

        await PersonChecks.ShowsAPageAsync(other);
        await PersonChecks.AccessibleAtBothWidthsAsync(other, "invite-refused");
        Assert.Equal(404, (await other.GotoAsync($"/workspaces/{ws}"))!.Status);
        Assert.Empty(json);
    }

    private async Task<(string Workspace, (string Token, string Email) Invite)> InviteAsync(IPage owner, string name, string email)
    {
        var created = await owner.Context.APIRequest.PostAsync("/v1/workspaces", new() { DataObject = new { name }, Headers = Origin });
        Assert.Equal(201, created.Status);
        var ws = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
        var invite = await owner.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email, role = "editor" }, Headers = Origin });
        Assert.Equal(201, invite.Status);
        return (ws, ((await invite.JsonAsync())!.Value.GetProperty("token").GetString()!, email));
    }
}
