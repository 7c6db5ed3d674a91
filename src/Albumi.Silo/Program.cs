using Albumi.Grains;
using Albumi.Grains.Audit;
using Albumi.Grains.Security;
using Albumi.Silo.Backups;
using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Albumi.Silo;

/// <summary>
/// A headless node: a silo of the same cluster as the web nodes (grains, reminders), without HTTP. With
/// <c>keys status|rotate|retire VERSION</c> it runs one operator command on the key ring and exits; with
/// <c>operators list|grant EMAIL|revoke EMAIL</c> it manages who may open the operator dashboard; with
/// <c>backup setup|run|drill|info</c> it runs pgBackRest on this database host. Commands never take a running node's
/// ports and never stop an embedded PostgreSQL they did not start.
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
            if (command is ["keys", ..])
            {
                OneShotSilo.UsePortsOfItsOwn(builder);
            }

            host = builder.Build();

            // Before the host starts, so a missing or unusable PostgreSQL ends the run with one line.
            await host.Services.PrepareDatabaseAsync();
            if (command is null)
            {
                return await NodeRun.RunAsync(host);
            }

            var database = host.Services.GetRequiredService<DatabaseSettings>();
            try
            {
                return await RunCommandAsync(host, database, command);
            }
            finally
            {
                // A command beside a running node found the embedded server running: it is that node's, and stays up.
                if (database.Embedded is { } embedded)
                {
                    NpgsqlConnection.ClearAllPools();
                    await embedded.StopIfStartedHereAsync();
                }
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

    /// <summary>
    /// One operator command. <c>operators</c> and <c>backup</c> work on the database alone (no silo: a node may be running
    /// beside them); <c>keys</c> asks the cluster's key-ring grain, through a silo of its own on ports of its own that
    /// leaves the cluster when the command ends.
    /// </summary>
    private static async Task<int> RunCommandAsync(IHost host, DatabaseSettings database, string[] command)
    {
        if (database.Embedded is { } embedded)
        {
            await embedded.EnsureDatabaseAsync(database.DatabaseName, CancellationToken.None);
        }

        await SchemaSetup.RunAsync(database, CancellationToken.None);
        var audit = host.Services.GetRequiredService<SecurityAuditLog>();
        switch (command[0])
        {
            case "backup":
                var settings = BackupSettings.FromConfiguration(host.Services.GetRequiredService<IConfiguration>(), database);
                return await new BackupCommands(settings, database, audit, Console.Out).RunAsync(command[1..]);
            case "operators":
                return await Operators.OperatorCommands.RunAsync(database.OwnerConnectionString, audit, command[1..], Console.Out);
            default:
                await host.StartAsync();
                try
                {
                    return await KeysAsync(host.Services.GetRequiredService<IGrainFactory>().GetGrain<IKeyRingGrain>(IKeyRingGrain.Key), command[1..]);
                }
                finally
                {
                    await host.StopAsync();
                }
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
