using System.Text.Json;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// What the catalogue page tests set up through the API as a person's browser would (its cookie, the site's Origin):
/// workspaces, members by invitation, entities. Each test asserts on the pages; these only arrange.
/// </summary>
public sealed class CatalogueSteps(BrowserSession session)
{
    public Dictionary<string, string> Origin => new() { ["Origin"] = session.BaseUrl };

    /// <summary>One node and browser for a test class.</summary>
    public sealed class SharedSession : IAsyncLifetime
    {
        public BrowserSession Session { get; private set; } = null!;

        public async Task InitializeAsync()
            => Session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Albumi:Auth:SignInAttemptsPerIp"] = "10000" });

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }

    public async Task<JsonElement> PostAsync(IPage page, string path, object? body, int expected = 201)
    {
        var response = await page.Context.APIRequest.PostAsync(path, body is null ? new() { Headers = Origin } : new() { DataObject = body, Headers = Origin });
        Assert.True(response.Status == expected, $"POST {path}: {response.Status} {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }

    public async Task<string> CreateWorkspaceAsync(IPage page, string name)
        => (await PostAsync(page, "/v1/workspaces", new { name })).GetProperty("id").GetString()!;

    public async Task<string> CreateAsync(IPage page, string ws, string kind, object body)
        => (await PostAsync(page, $"/v1/workspaces/{ws}/{kind}", body)).GetProperty("id").GetString()!;

    public async Task<JsonElement> GetAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(path);
        Assert.Equal(200, response.Status);
        return (await response.JsonAsync())!.Value;
    }

    /// <summary>A new account in <paramref name="member"/>'s browser joins <paramref name="ws"/> with <paramref name="role"/>; its account id.</summary>
    public async Task<string> JoinAsync(IPage owner, IPage member, string ws, string role)
    {
        var (email, _) = await BrowserSession.SignUpAsync(member);
        var invite = await PostAsync(owner, $"/v1/workspaces/{ws}/invites", new { email, role });
        await PostAsync(member, $"/v1/invites/{invite.GetProperty("token").GetString()}/accept", null, expected: 200);
        return (await GetAsync(member, "/v1/me")).GetProperty("id").GetString()!;
    }

    /// <summary>Accepts every confirmation the page asks, keeping the last question asked.</summary>
    public static Func<string?> AcceptAsks(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        return () => asked;
    }
}
