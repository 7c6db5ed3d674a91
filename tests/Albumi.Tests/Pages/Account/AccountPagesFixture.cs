using System.Text.Json;
using Albumi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>
/// One node and Chromium per account-page test class, on a clock the tests move (to make a session stale); each test
/// signs up its own accounts in fresh browser contexts. Sign-ins from the one loopback address are not throttled here.
/// </summary>
public sealed class AccountPagesFixture : IAsyncLifetime
{
    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public BrowserSession Session { get; private set; } = null!;

    public async Task InitializeAsync()
        => Session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Albumi:Auth:SignInAttemptsPerIp"] = "10000" }, Clock);

    public async Task DisposeAsync() => await Session.DisposeAsync();

    /// <summary>A call to the API from the page's own cookies, as the page's script makes it (same origin).</summary>
    public async Task<IAPIResponse> CallAsync(IPage page, string method, string path, object? body = null, string accept = "application/json")
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.Context.APIRequest.FetchAsync(path, new()
        {
            Method = method,
            DataObject = body,
            Headers = new Dictionary<string, string> { ["Origin"] = Session.BaseUrl, ["Accept"] = accept },
        });
    }

    public async Task<JsonElement> JsonAsync(IPage page, string path)
    {
        var response = await CallAsync(page, "GET", path);
        Assert.Equal(200, response.Status);
        return (await response.JsonAsync())!.Value;
    }

    /// <summary>A request with only an API key, no cookie (a script using the key).</summary>
    public async Task<int> StatusWithKeyAsync(string key, string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Session.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return (int)(await client.GetAsync(path)).StatusCode;
    }
}
