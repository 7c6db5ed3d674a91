using Albumi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// What the workspace page tests set up through the API, as a signed-in browser would (its cookie, its Origin): a
/// workspace, and a second person who joins it by invite. The flow under test is then used on the pages.
/// </summary>
public static class WorkspaceSetup
{
    /// <summary>One node shared by a test class, on a clock the tests move (a session grows stale; codes move on).</summary>
    public sealed class SharedSession : IAsyncLifetime
    {
        public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public BrowserSession Session { get; private set; } = null!;

        public async Task InitializeAsync() => Session = await BrowserSession.StartAsync(clock: Clock);

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }

    public static Dictionary<string, string> Origin(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new() { ["Origin"] = new Uri(page.Url).GetLeftPart(UriPartial.Authority) };
    }

    public static async Task<string> CreateWorkspaceAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var created = await page.Context.APIRequest.PostAsync("/v1/workspaces", new() { DataObject = new { name }, Headers = Origin(page) });
        Assert.Equal(201, created.Status);
        return (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
    }

    /// <summary>Signs <paramref name="member"/> up as "<paramref name="displayName"/>" and has them accept an invite for <paramref name="role"/>; returns their account id.</summary>
    public static async Task<string> JoinAsync(IPage owner, IPage member, string ws, string role, string displayName)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(member);
        var (email, _) = await SignUpAsync(member, displayName);
        var invite = await owner.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email, role }, Headers = Origin(owner) });
        Assert.Equal(201, invite.Status);
        var token = (await invite.JsonAsync())!.Value.GetProperty("token").GetString();
        Assert.Equal(200, (await member.Context.APIRequest.PostAsync($"/v1/invites/{token}/accept", new() { Headers = Origin(member) })).Status);
        return (await (await member.Context.APIRequest.GetAsync("/v1/me")).JsonAsync())!.Value.GetProperty("id").GetString()!;
    }

    /// <summary>Signs up on the sign-up page as <paramref name="displayName"/> (several people on one page need telling apart).</summary>
    public static async Task<(string Email, string Password)> SignUpAsync(IPage page, string displayName)
    {
        ArgumentNullException.ThrowIfNull(page);
        var email = Identity.AccountClient.NewEmail();
        var password = Identity.AccountClient.StrongPassword();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync(displayName);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        return (email, password);
    }

    /// <summary>The member's role as the API reports it to <paramref name="page"/>, or null when they are not a member.</summary>
    public static async Task<string?> RoleOfAsync(IPage page, string ws, string accountId)
    {
        ArgumentNullException.ThrowIfNull(page);
        var members = await (await page.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/members")).JsonAsync();
        return members!.Value.EnumerateArray().Where(m => m.GetProperty("accountId").GetString() == accountId).Select(m => m.GetProperty("role").GetString()).SingleOrDefault();
    }

    /// <summary>Accepts every confirmation the page asks and returns the questions asked, in order.</summary>
    public static List<string> AcceptEveryQuestion(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var asked = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            lock (asked)
            {
                asked.Add(dialog.Message);
            }

            await dialog.AcceptAsync();
        };
        return asked;
    }
}
