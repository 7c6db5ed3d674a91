using Albumi.Grains;
using Albumi.Grains.Audit;
using Albumi.Grains.Security;
using Albumi.Silo.Backups;
using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Albumi.Silo;

/// <summary>
/// A headless node: a silo of the same cluster as the web nodes (grains, reminders), without HTTP. With
/// <c>keys status|rotate|retire VERSION</c> it runs one operator command on the key ring and exits; with
/// <c>operators list|grant EMAIL|revoke EMAIL</c> it manages who may open the operator dashboard; with
/// <c>backup setup|run|drill|info</c> it runs pgBackRest on this database host (the silo does not join for it).
/// </summary>
internal static class HeadlessNode
{
    public static async Task<int> Main(string[] args)
    {
        IHost? host = null;
        var failed = false;
        try
        {
            var command = args.Length > 0 && args[0] is "keys" or "operators" or "backup" ? args : null;
            var builder = Host.CreateApplicationBuilder(command is null ? args : []);
            builder.AddAlbumiNode(defaultNodeName: $"{Environment.MachineName}:silo");
            host = builder.Build();

            // Before the host starts, so a missing or unusable PostgreSQL ends the run with one line.
            await host.Services.PrepareDatabaseAsync();
            if (command is null)
            {
                await StartupFailure.RunUntilShutdownAsync(host);
                return 0;
            }

            if (command[0] == "backup")
            {
                var database = host.Services.GetRequiredService<DatabaseSettings>();
                if (database.Embedded is { } embedded)
                {
                    await embedded.EnsureDatabaseAsync(database.DatabaseName, CancellationToken.None);
                }

                await SchemaSetup.RunAsync(database, CancellationToken.None);
                var settings = BackupSettings.FromConfiguration(host.Services.GetRequiredService<IConfiguration>(), database);
                return await new BackupCommands(settings, database, host.Services.GetRequiredService<SecurityAuditLog>(), Console.Out).RunAsync(command[1..]);
            }

            await host.StartAsync();
            try
            {
                return command[0] == "keys"
                    ? await KeysAsync(host.Services.GetRequiredService<IGrainFactory>().GetGrain<IKeyRingGrain>(IKeyRingGrain.Key), command[1..])
                    : await Operators.OperatorCommands.RunAsync(
                        host.Services.GetRequiredService<DatabaseSettings>().OwnerConnectionString, host.Services.GetRequiredService<SecurityAuditLog>(), command[1..], Console.Out);
            }
            finally
            {
                await host.StopAsync();
            }
        }
        catch (Exception exception) when (StartupFailure.Describe(exception) is { } failure)
        {
            failed = true;
            await Console.Error.WriteLineAsync(failure);
            return 1;
        }
        finally
        {
            await StartupFailure.DisposeAsync(host, failed);
        }
    }

    private static async Task<int> KeysAsync(IKeyRingGrain ring, string[] command)
    {
        switch (command)
        {
            case ["status"]:
                foreach (var (version, used) in (await ring.UsageAsync()).OrderBy(u => u.Key))
                {
                    Console.WriteLine($"key {version}: protects {used} secrets{(version == (await ring.GetVersionsAsync()).Current ? " (current)" : "")}");
                }

                if (await ring.GetRotationAsync() is { } rotation)
                {
                    Console.WriteLine(rotation.FinishedAt is { } finished
                        ? $"rotation to key {rotation.Version}: started {rotation.StartedAt:O}, finished {finished:O}, {rotation.Reencrypted} secrets re-encrypted"
                        : $"rotation to key {rotation.Version}: started {rotation.StartedAt:O}, running, {rotation.Reencrypted} secrets re-encrypted so far");
                }

                return 0;
            case ["rotate"]:
                Console.WriteLine($"key {await ring.RotateAsync()} is now current; old secrets are re-encrypted in the background ('keys status' shows progress).");
                return 0;
            case ["retire", var text] when int.TryParse(text, out var version):
                if (await ring.RetireAsync(version) is { } refusal)
                {
                    await Console.Error.WriteLineAsync($"refused: {refusal}");
                    return 1;
                }

                Console.WriteLine($"key {version} retired.");
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: keys status | keys rotate | keys retire VERSION");
                return 2;
        }
    }
}
