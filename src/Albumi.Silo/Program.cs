using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Albumi.Silo;

/// <summary>A headless node: the same runtime as the web nodes (reminders, cleanup, invalidation), without HTTP.</summary>
internal static class HeadlessNode
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(args);
            builder.AddAlbumiNode(defaultNodeName: $"{Environment.MachineName}:silo");
            using var host = builder.Build();

            // Resolved before the host starts, so a missing PostgreSQL ends the run with one line.
            host.Services.GetRequiredService<DatabaseSettings>();
            await host.RunAsync();
            return 0;
        }
        catch (Exception exception) when (exception is PostgresNotInstalledException or DatabaseSetupException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }
}
