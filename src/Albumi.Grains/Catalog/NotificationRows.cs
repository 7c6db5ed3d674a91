using Albumi.Grains.Persistence;
using NpgsqlTypes;

namespace Albumi.Grains.Catalog;

/// <summary>The SQL of the <c>notifications</c> table: a row per member mentioned in a comment or assigned an entity.</summary>
internal static class NotificationRows
{
    public const string Mentioned = "mentioned";
    public const string Assigned = "assigned";

    public static async Task WriteAsync(WorkspaceScope scope, IEnumerable<Guid> accounts, string reason, Guid entityId, Guid? commentId, Guid actor, DateTimeOffset now)
    {
        foreach (var account in accounts.Distinct().Where(a => a != actor))
        {
            await using var command = scope.CreateCommand("""
                INSERT INTO notifications (workspace_id, id, account_id, reason, entity_id, comment_id, actor_id, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """);
            command.Parameters.AddWithValue(scope.WorkspaceId);
            command.Parameters.AddWithValue(Guid.CreateVersion7());
            command.Parameters.AddWithValue(account);
            command.Parameters.AddWithValue(reason);
            command.Parameters.AddWithValue(entityId);
            command.Parameters.Add(new() { Value = (object?)commentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.AddWithValue(actor);
            command.Parameters.AddWithValue(now);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The account's notifications about live entities it may see, newest first.</summary>
    public static async Task<List<CatalogNotification>> ForAccountAsync(WorkspaceScope scope, Guid account, string[] visible, int limit)
    {
        await using var command = scope.CreateCommand("""
            SELECT n.id, n.reason, n.entity_id, e.kind, n.comment_id, n.actor_id, n.created_at
            FROM notifications n JOIN entities e ON e.id = n.entity_id
            WHERE n.account_id = $1 AND e.deleted_at IS NULL AND (e.classification IS NULL OR e.classification = ANY($2))
            ORDER BY n.created_at DESC LIMIT $3
            """);
        command.Parameters.AddWithValue(account);
        command.Parameters.AddWithValue(visible);
        command.Parameters.AddWithValue(limit);
        var list = new List<CatalogNotification>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(new CatalogNotification(
                reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return list;
    }
}
