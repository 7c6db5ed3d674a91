using Albumi.Tests.Identity;
using Albumi.Tests.Identity.Oidc;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// A web node on a real socket (Kestrel, loopback) and Debian's Chromium driven by Playwright, headless. Screenshots
/// go to <c>artifacts/screenshots</c> at the repository root, kept by CI as test artifacts.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly List<AlbumiWebFactory> _others = [];

    private BrowserSession(Albumi.Silo.Database.DatabaseSettings database, AlbumiWebFactory node, IPlaywright playwright, IBrowser browser, string baseUrl)
    {
        Database = database;
        Node = node;
        Playwright = playwright;
        Browser = browser;
        BaseUrl = baseUrl;
    }

    public Albumi.Silo.Database.DatabaseSettings Database { get; }

    /// <summary>The node the browser talks to, on a real loopback socket.</summary>
    public AlbumiWebFactory Node { get; }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    public string BaseUrl { get; }

    public static string ScreenshotFolder => Path.Combine(OidcProviderFixture.RepositoryRoot(), "artifacts", "screenshots");

    /// <param name="settings">More configuration for the node the browser talks to (a sign-in provider, say).</param>
    /// <param name="clock">The node's clock, when the test moves time.</param>
    public static async Task<BrowserSession> StartAsync(IReadOnlyDictionary<string, string>? settings = null, Albumi.Grains.Time.AlbumiClock? clock = null)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/test.sh installs it (apt-get install -y chromium).");
        var database = await TestPostgres.CreateDatabaseAsync();
        var nodeSettings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Orleans:Name"] = "browser-node" };

        // As a node runs by default: its session cookie Secure and __Host-, which Chromium accepts from http://127.0.0.1.
        nodeSettings.TryAdd("Albumi:Http:AllowInsecureCookies", "false");
        var node = new AlbumiWebFactory(database.OwnerConnectionString, settings: nodeSettings, clock: clock);
        var port = NodeProcess.FreePort();
        node.UseKestrel(port);
        node.StartServer();
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new BrowserSession(database, node, playwright, browser, $"http://127.0.0.1:{port}");
    }

    /// <summary>Another node on the same database (in-process, no socket), as a cluster's second member.</summary>
    public AlbumiWebFactory StartAnotherNode(string name)
    {
        var node = new AlbumiWebFactory(Database.OwnerConnectionString, settings: new Dictionary<string, string> { ["Orleans:Name"] = name });
        _ = node.Server;
        _others.Add(node);
        return node;
    }

    /// <summary>A fresh browser context (its own cookies), as a second device would be.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        return await context.NewPageAsync();
    }

    /// <summary>A fresh browser context with script turned off (its own cookies), as a person whose browser runs no script.</summary>
    public async Task<IPage> NewPageWithoutScriptAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, JavaScriptEnabled = false });
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }

        await Node.DisposeAsync();
    }

    public static async Task<(string Email, string Password)> SignUpAsync(IPage page)
    {
        var email = AccountClient.NewEmail();
        var password = AccountClient.StrongPassword();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync("Page Tester");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        return (email, password);
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
    }
}
