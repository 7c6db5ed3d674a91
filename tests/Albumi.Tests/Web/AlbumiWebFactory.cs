using Albumi.Grains.Time;
using Albumi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Albumi.Tests.Web;

/// <summary>The real web node in-process, on a database the test chose, with its logs kept and optional test services.</summary>
public sealed class AlbumiWebFactory(
    string ownerConnectionString,
    Action<IServiceCollection>? configureServices = null,
    IDictionary<string, string>? settings = null,
    AlbumiClock? clock = null)
    : WebApplicationFactory<Program>
{
    public TestLogSink Logs { get; } = new();

    /// <summary>A client that keeps no cookies of its own: tests carry session cookies explicitly, across nodes.</summary>
    public HttpClient CreateBareClient() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    /// <summary>The test server has no socket, so no peer address; a real node always has one.</summary>
    private sealed class LoopbackPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Albumi", ownerConnectionString);
        // Each in-process node is a silo of the test's cluster: a silo port of its own, no gateway (nothing connects as a client).
        var siloPort = NodeProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.UseSetting("Orleans:Endpoints:SiloPort", siloPort);

        // A silo that joins under the name of a live one on the same host is taken for its restart and the other is declared dead.
        builder.UseSetting("Orleans:Name", $"test-node-{siloPort}");
        builder.UseSetting("Orleans:Endpoints:GatewayPort", "0");

        // Reminder ticks every second (Orleans' minimum is lowered to match), so grace periods end within a test's patience.
        builder.UseSetting("Albumi:Lifecycle:ReminderPeriod", "00:00:01");
        builder.UseSetting("Albumi:Auth:LocalAccounts", "true");
        builder.UseSetting("Albumi:Encryption:MasterKeyFile", TestPostgres.MasterKeyFile);

        // Owner enforcement is tested on its own (MfaEnforcementTests); elsewhere owners work without enrolling first.
        builder.UseSetting("Albumi:Mfa:RequiredForOwners", "false");

        // The test server speaks plain HTTP to clients whose cookie handling (HttpClient's) sends no Secure cookie over it;
        // the production default (Secure, __Host-) is tested on its own (ProxyAndCookieTests) and by the page tests' browser.
        builder.UseSetting("Albumi:Http:AllowInsecureCookies", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Test");
        // Logs go to the sink the tests read, not the console: a failing run's output shows the failures, not every node's chatter.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            services.AddTransient<IStartupFilter, ExchangeRecorder>();
            services.AddTransient<IStartupFilter, LoopbackPeer>();
            configureServices?.Invoke(services);
        });
    }
}
