using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using Albumi.Grains.Telemetry;
using Albumi.Grains.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// Hard-deletes every row of one workspace, table by table, in small batches: each batch is its own short transaction
/// in the workspace's scope (so row-level security keeps it from touching any other tenant's row) and adds its count
/// to the workspace's <c>workspace_purges</c> row in that same transaction. Stopped anywhere, it resumes where it was.
/// The tables are found in the catalog (every table with a <c>workspace_id</c> column), so a new one is never missed.
/// </summary>
public sealed partial class WorkspacePurger(
    AlbumiDataSources dataSources, IOptions<LifecycleOptions> options, AlbumiClock clock, IHostApplicationLifetime lifetime, AlbumiMetrics metrics, ILogger<WorkspacePurger> logger)
{
    /// <summary>
    /// Deletes everything of <paramref name="workspaceId"/> if it is soft-deleted and past its grace period, or resumes a
    /// purge already started; returns the rows deleted per table over every run, or null when there is nothing to do.
    /// </summary>
    /// <remarks>
    /// A purge that finished but was never audited (see <see cref="MarkAuditedAsync"/>) returns its counts again
    /// without deleting anything, so the caller audits it: the audit event is written at least once.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, long>?> PurgeAsync(Guid workspaceId)
    {
        // Stops between batches when the node shuts down; the reminder's next tick on a surviving silo resumes it.
        var cancellationToken = lifetime.ApplicationStopping;
        switch (await StartAsync(workspaceId, cancellationToken))
        {
            case PurgeState.NothingToDo:
                return null;
            case PurgeState.FinishedNotAudited:
                return await CountsAsync(workspaceId, cancellationToken);
        }

        LogPurging(logger, workspaceId);
        foreach (var table in await TablesAsync(cancellationToken))
        {
            while (await DeleteBatchAsync(workspaceId, table, cancellationToken) == options.Value.PurgeBatchSize)
            {
                if (options.Value.PurgeBatchPause > TimeSpan.Zero)
                {
                    await Task.Delay(options.Value.PurgeBatchPause, clock, cancellationToken);
                }
            }
        }

        // Last, the workspace row itself; its members and invites go with it (ON DELETE CASCADE, a few rows).
        await DeleteBatchAsync(workspaceId, "workspaces", cancellationToken, finish: true);
        return await CountsAsync(workspaceId, cancellationToken);
    }

    /// <summary>
    /// Purges the entities soft-deleted before <paramref name="deletedBefore"/>, with everything that mentions them
    /// (comments, notifications, activity, their parts of merged proposals' diffs, shares, draft changes), in batches;
    /// returns how many entities went.
    /// </summary>
    public async Task<int> PurgeDeletedEntitiesAsync(Guid workspaceId, DateTimeOffset deletedBefore)
    {
        var purged = 0;
        int batch;
        do
        {
            await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, workspaceId, lifetime.ApplicationStopping);
            await using var command = scope.CreateCommand("""
                WITH doomed AS (
                    SELECT id FROM entities WHERE deleted_at IS NOT NULL AND deleted_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
                ), comments_gone AS (DELETE FROM comments WHERE entity_id IN (SELECT id FROM doomed)),
                   notifications_gone AS (DELETE FROM notifications WHERE entity_id IN (SELECT id FROM doomed)),
                   activity_gone AS (DELETE FROM activity WHERE entity_id IN (SELECT id FROM doomed)),
                   merges_scrubbed AS (
                       UPDATE activity SET changes = COALESCE((
                           SELECT jsonb_agg(p.part ORDER BY p.n) FROM jsonb_array_elements(changes) WITH ORDINALITY AS p(part, n)
                           WHERE (p.part->>'entityId')::uuid NOT IN (SELECT id FROM doomed)), '[]'::jsonb)
                       WHERE change_type = 'proposal_merged'
                         AND EXISTS (SELECT 1 FROM jsonb_array_elements(changes) part WHERE (part->>'entityId')::uuid IN (SELECT id FROM doomed))),
                   shares_gone AS (DELETE FROM shares WHERE entity_id IN (SELECT id FROM doomed)),
                   drafts_gone AS (DELETE FROM proposal_changes WHERE entity_id IN (SELECT id FROM doomed))
                DELETE FROM entities WHERE id IN (SELECT id FROM doomed)
                """);
            command.Parameters.AddWithValue(deletedBefore);
            command.Parameters.AddWithValue(Math.Max(1, options.Value.PurgeBatchSize / 10));
            batch = await command.ExecuteNonQueryAsync();
            await scope.CommitAsync();
            purged += batch;
        }
        while (batch > 0);

        return purged;
    }

    /// <summary>Every workspace-scoped table but the workspace's own rows, tables that others reference last.</summary>
    private async Task<List<string>> TablesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSources.App.CreateCommand("""
            SELECT c.relname,
                   (SELECT count(*) FROM pg_constraint f WHERE f.confrelid = c.oid AND f.contype = 'f' AND f.conrelid <> c.oid) AS referenced_by
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
            WHERE c.relkind = 'r' AND c.relname NOT IN ('workspaces', 'workspace_members')
            ORDER BY referenced_by, c.relname
            """);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>
    /// Starts (or resumes) the purge, under the workspace row's lock, so a restore running at the same moment either
    /// wins and nothing is deleted, or loses and finds the grace period over.
    /// </summary>
    private async Task<PurgeState> StartAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, workspaceId, cancellationToken);
        await using (var started = scope.CreateCommand("SELECT finished_at IS NULL, audited_at IS NULL FROM workspace_purges WHERE purged_workspace = $1"))
        {
            started.Parameters.AddWithValue(workspaceId);
            await using var reader = await started.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return reader.GetBoolean(0) ? PurgeState.Running : reader.GetBoolean(1) ? PurgeState.FinishedNotAudited : PurgeState.NothingToDo;
            }
        }

        var now = clock.GetUtcNow();
        await using (var due = scope.CreateCommand("SELECT 1 FROM workspaces WHERE id = $1 AND deleted_at IS NOT NULL AND purge_after <= $2 FOR UPDATE"))
        {
            due.Parameters.AddWithValue(workspaceId);
            due.Parameters.AddWithValue(now);
            if (await due.ExecuteScalarAsync(cancellationToken) is null)
            {
                return PurgeState.NothingToDo;
            }
        }

        await using var insert = scope.CreateCommand("INSERT INTO workspace_purges (purged_workspace, started_at, updated_at) VALUES ($1, $2, $2)");
        insert.Parameters.AddWithValue(workspaceId);
        insert.Parameters.AddWithValue(now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return PurgeState.Running;
    }

    /// <summary>Records that the purge's audit event was written; until then a repeated reminder audits it again.</summary>
    public async Task MarkAuditedAsync(Guid workspaceId)
    {
        await using var command = dataSources.App.CreateCommand("UPDATE workspace_purges SET audited_at = $2 WHERE purged_workspace = $1");
        command.Parameters.AddWithValue(workspaceId);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        await command.ExecuteNonQueryAsync();
    }

    [LoggerMessage(5001, LogLevel.Information, "Purging workspace {WorkspaceId} (or resuming its purge) on this node.")]
    private static partial void LogPurging(ILogger logger, Guid workspaceId);

    private enum PurgeState
    {
        NothingToDo,
        Running,
        FinishedNotAudited,
    }

    /// <summary>When the soft-deleted workspace is due for its purge, or null when it is not soft-deleted.</summary>
    public async Task<DateTimeOffset?> PurgeAfterAsync(Guid workspaceId)
    {
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, workspaceId);
        await using var command = scope.CreateCommand("SELECT purge_after FROM workspaces WHERE id = $1 AND deleted_at IS NOT NULL");
        command.Parameters.AddWithValue(workspaceId);
        return await command.ExecuteScalarAsync() is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    private async Task<int> DeleteBatchAsync(Guid workspaceId, string table, CancellationToken cancellationToken, bool finish = false)
    {
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, workspaceId, cancellationToken);
        var key = finish ? "id" : "workspace_id";
        await using var delete = scope.CreateCommand($"""
            DELETE FROM {Quote(table)} WHERE ctid = ANY (ARRAY (SELECT ctid FROM {Quote(table)} WHERE {key} = $1 LIMIT $2))
            """);
        delete.Parameters.AddWithValue(workspaceId);
        delete.Parameters.AddWithValue(options.Value.PurgeBatchSize);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);

        await using var progress = scope.CreateCommand("""
            UPDATE workspace_purges
            SET counts = jsonb_set(counts, ARRAY[$2::text], to_jsonb(COALESCE((counts ->> $2::text)::bigint, 0) + $3::bigint)), updated_at = $4,
                finished_at = CASE WHEN $5::boolean THEN $4 ELSE finished_at END
            WHERE purged_workspace = $1
            """);
        progress.Parameters.AddWithValue(workspaceId);
        progress.Parameters.AddWithValue(table);
        progress.Parameters.AddWithValue((long)deleted);
        progress.Parameters.AddWithValue(clock.GetUtcNow());
        progress.Parameters.AddWithValue(finish);
        await progress.ExecuteNonQueryAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        metrics.Purged(table, deleted);
        return deleted;
    }

    private async Task<IReadOnlyDictionary<string, long>> CountsAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var command = dataSources.App.CreateCommand("SELECT counts::text FROM workspace_purges WHERE purged_workspace = $1");
        command.Parameters.Add(new() { Value = workspaceId, NpgsqlDbType = NpgsqlDbType.Uuid });
        var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        return JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>());
    }

    private static string Quote(string table) => "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
