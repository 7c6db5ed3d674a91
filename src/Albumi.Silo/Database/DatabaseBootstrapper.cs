using Albumi.Grains.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Albumi.Silo.Database;

/// <summary>
/// The first hosted service: starts the embedded cluster when there is no connection string, waits for the database
/// (one line per failed attempt, backing off to 30 s), migrates and provisions roles. It stops the embedded cluster
/// last, after every other service has stopped, and only when this node started it (one it found running, it leaves
/// running).
/// </summary>
internal sealed partial class DatabaseBootstrapper(DatabaseSettings settings, DatabaseState state, AlbumiClock clock, ILogger<DatabaseBootstrapper> logger)
    : IHostedService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                if (settings.Embedded is { } embedded)
                {
                    await embedded.StartAsync(cancellationToken);
                    await embedded.EnsureDatabaseAsync(settings.DatabaseName, cancellationToken);
                    LogEmbedded(logger, embedded.DataDirectory);
                }

                var level = await SchemaSetup.RunAsync(settings, cancellationToken);
                state.MarkReady(level);
                LogReady(logger, settings.DatabaseName, level);
                return;
            }
            catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
            {
                LogUnreachable(logger, settings.DatabaseName, exception.Message, delay);
                await Task.Delay(delay, clock, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        if (settings.Embedded is { } embedded)
        {
            await embedded.StopIfStartedHereAsync(cancellationToken);
        }
    }

    [LoggerMessage(4001, LogLevel.Warning, "Database {Database} is unreachable ({Reason}); retrying in {Delay}.")]
    private static partial void LogUnreachable(ILogger logger, string database, string reason, TimeSpan delay);

    [LoggerMessage(4002, LogLevel.Information, "Database {Database} is at migration {Level}; runtime and audit-writer roles are in place.")]
    private static partial void LogReady(ILogger logger, string database, int level);

    [LoggerMessage(4003, LogLevel.Information, "Using the embedded PostgreSQL cluster in {DataDirectory}.")]
    private static partial void LogEmbedded(ILogger logger, string dataDirectory);
}
