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

    private BrowserSession(AlbumiWebFactory node, IPlaywright playwright, IBrowser browser, string baseUrl)
    {
        Node = node;
        Playwright = playwright;
        Browser = browser;
        BaseUrl = baseUrl;
    }

    public AlbumiWebFactory Node { get; }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    public string BaseUrl { get; }

    public static string ScreenshotFolder => Path.Combine(OidcProviderFixture.RepositoryRoot(), "artifacts", "screenshots");

    public static async Task<BrowserSession> StartAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/test.sh installs it (apt-get install -y chromium).");
        var database = await TestPostgres.CreateDatabaseAsync();
        var node = new AlbumiWebFactory(database.OwnerConnectionString);
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
        return new BrowserSession(node, playwright, browser, $"http://127.0.0.1:{port}");
    }

    /// <summary>A fresh browser context (its own cookies), as a second device would be.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
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
        await Node.DisposeAsync();
    }
}
