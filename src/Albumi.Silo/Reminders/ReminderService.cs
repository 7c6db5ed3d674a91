using Albumi.Grains;
using Albumi.Grains.Persistence;
using Albumi.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Albumi.Silo.Reminders;

/// <summary>
/// Fires this node's share of due reminders. Each poll leases the next window of due rows on the node's one polling
/// connection (<c>FOR UPDATE SKIP LOCKED</c>, so nodes never take the same row), fires them through the runtime, and
/// completes them with the lease token. A node that dies keeps its lease only until it expires; then any node takes it.
/// </summary>
internal sealed class ReminderService(
    GrainRuntime runtime,
    ReminderTable table,
    AlbumiDataSources dataSources,
    SiloMetrics metrics,
    IOptions<SiloOptions> options,
    ILogger<ReminderService> logger) : BackgroundService
{
    private readonly SiloOptions _options = options.Value;
    private readonly HashSet<Task> _inFlight = [];
    private NpgsqlConnection? _connection;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ReminderPollInterval, runtime.TimeProvider);
        try
        {
            do
            {
                await PollAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        _inFlight.RemoveWhere(t => t.IsCompleted);
        var room = _options.ReminderBatchSize - _inFlight.Count;
        if (room <= 0)
        {
            return;
        }

        try
        {
            _connection ??= await dataSources.App.OpenConnectionAsync(stoppingToken);
            var leased = await table.LeaseDueAsync(
                _connection, runtime.Node.Id, runtime.TimeProvider.GetUtcNow(), _options.ReminderLeaseDuration, room, stoppingToken);
            foreach (var reminder in leased)
            {
                _inFlight.Add(FireAsync(reminder, stoppingToken));
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            SiloLog.ReminderPollFailed(logger, exception.Message);
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
    }

    /// <summary>
    /// Renews the lease every third of its duration while the handler runs (a workspace purge may take minutes), so no
    /// other node fires the same reminder meanwhile. A node that dies stops renewing and its lease runs out as before.
    /// </summary>
    private async Task KeepLeaseAsync(LeasedReminder reminder, CancellationToken handled)
    {
        var every = _options.ReminderLeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, runtime.TimeProvider, handled);
                try
                {
                    await table.RenewAsync(reminder, runtime.TimeProvider.GetUtcNow() + _options.ReminderLeaseDuration, handled);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Tried again at the next third; if the database stays away the lease expires, as for a dead node.
                    SiloLog.ReminderPollFailed(logger, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (handled.IsCancellationRequested)
        {
        }
    }

    private async Task FireAsync(LeasedReminder reminder, CancellationToken stoppingToken)
    {
        var firedAt = runtime.TimeProvider.GetUtcNow();
        metrics.RecordReminderLag(reminder.GrainId.Type, firedAt - reminder.DueAt);
        using var handled = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keeping = KeepLeaseAsync(reminder, handled.Token);
        try
        {
            var grain = runtime.GetReference<IRemindable>(reminder.GrainId);
            try
            {
                await grain.ReceiveReminderAsync(reminder.Name, new ReminderTick(reminder.DueAt, firedAt, reminder.Period));
            }
            finally
            {
                await handled.CancelAsync();
                await keeping;
            }

            await table.CompleteAsync(reminder, runtime.TimeProvider.GetUtcNow(), stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            SiloLog.ReminderFailed(logger, reminder.Name, reminder.GrainId, exception.GetType().Name, exception.Message, _options.ReminderRetryDelay);
            try
            {
                await table.ReleaseAsync(reminder, runtime.TimeProvider.GetUtcNow() + _options.ReminderRetryDelay, stoppingToken);
            }
            catch (Exception releaseFailure) when (!stoppingToken.IsCancellationRequested)
            {
                // The lease expires by itself; another poll retries the reminder then.
                SiloLog.ReminderPollFailed(logger, releaseFailure.Message);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down (the handler may see the application stopping before this service does): the lease
            // expires and another node fires the reminder.
        }
    }
}
