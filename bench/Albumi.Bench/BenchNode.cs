using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Albumi.Bench;

/// <summary>A headless node (a one-silo cluster) with the product's grains on a benchmark database, started.</summary>
internal static class BenchNode
{
    public static async Task<IHost> StartAsync(DatabaseSettings database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Albumi"] = database.OwnerConnectionString });
        builder.Configuration.AddEnvironmentVariables(); // e.g. Albumi__Lifecycle__PurgeBatchPause=00:00:00.020 to try a pacing
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAlbumiNode("bench");
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
