using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using NpgsqlTypes;

namespace Albumi.Grains.Sharing;

/// <summary>
/// Share links: created by members for one entity or album, listed and revoked in their workspace, and resolved by
/// anyone holding the token into an anonymised view. Resolving fails closed: an unknown, revoked or expired token,
/// a soft-deleted workspace or entity, or an entity the classification policy hides from viewers all give null.
/// </summary>
public sealed class ShareStore(AlbumiDataSources dataSources, AlbumiClock clock)
{
    private const string TokenSetting = "albumi.share_token_hash";

    public async Task<(ShareLink Link, string Token)> CreateAsync(CatalogActor actor, EntityKind kind, Guid entityId, TimeSpan? validFor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(kind);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        var entity = await EntityRows.FindAsync(scope, kind, entityId, await CatalogStore.VisibleAsync(scope, actor)) ?? throw new CatalogNotFoundException(kind.Singular);
        var token = ShareToken.Create();
        var now = clock.GetUtcNow();
        var link = new ShareLink(Guid.CreateVersion7(), kind.Segment, entityId, actor.AccountId, now, now + validFor, null, entity.Name);
        await using var insert = scope.CreateCommand("""
            INSERT INTO shares (workspace_id, token_hash, id, entity_kind, entity_id, public_id_key, created_by, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        insert.Parameters.AddWithValue(actor.WorkspaceId);
        insert.Parameters.AddWithValue(ShareToken.Hash(token));
        insert.Parameters.AddWithValue(link.Id);
        insert.Parameters.AddWithValue(link.Kind);
        insert.Parameters.AddWithValue(entityId);
        insert.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
        insert.Parameters.AddWithValue(actor.AccountId);
        insert.Parameters.AddWithValue(now);
        insert.Parameters.Add(new() { Value = (object?)link.ExpiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await insert.ExecuteNonQueryAsync();
        await scope.CommitAsync();
        return (link, token);
    }

    public async Task<IReadOnlyList<ShareLink>> ListAsync(CatalogActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        var links = new List<ShareLink>();
        await using (var command = scope.CreateCommand(
            "SELECT id, entity_kind, entity_id, created_by, created_at, expires_at, revoked_at FROM shares ORDER BY created_at DESC, id LIMIT 500"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                links.Add(new ShareLink(
                    reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        var names = await EntityRows.LiveNamesAsync(scope, links.Select(l => l.EntityId).ToHashSet(), await CatalogStore.VisibleAsync(scope, actor));
        return [.. links.Select(l => l with { EntityName = names.TryGetValue(l.EntityId, out var live) ? live.Name : null })];
    }

    /// <summary>
    /// Revokes the link with <paramref name="tokenOrId"/> (its token, or its id as listed, since the token is shown only
    /// once) in the actor's workspace; a link of another workspace is not found.
    /// </summary>
    public async Task RevokeAsync(CatalogActor actor, string tokenOrId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var byId = Guid.TryParseExact(tokenOrId, "D", out var id);
        if (!byId && !ShareToken.IsWellFormed(tokenOrId))
        {
            throw new CatalogNotFoundException("share link");
        }

        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        await using var revoke = scope.CreateCommand(
            $"UPDATE shares SET revoked_at = COALESCE(revoked_at, $2) WHERE {(byId ? "id" : "token_hash")} = $1");
        revoke.Parameters.AddWithValue(byId ? id : ShareToken.Hash(tokenOrId));
        revoke.Parameters.AddWithValue(clock.GetUtcNow());
        if (await revoke.ExecuteNonQueryAsync() == 0)
        {
            throw new CatalogNotFoundException("share link");
        }

        await scope.CommitAsync();
    }

    /// <summary>The anonymised view behind <paramref name="token"/>, or null when it must answer 404.</summary>
    public async Task<JsonObject?> ResolveAsync(string? token)
    {
        if (!ShareToken.IsWellFormed(token))
        {
            return null;
        }

        var share = await FindAsync(ShareToken.Hash(token!));
        if (share is not var (workspaceId, kind, entityId, key))
        {
            return null;
        }

        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, workspaceId);
        await using (var live = scope.CreateCommand("SELECT 1 FROM workspaces WHERE id = $1 AND deleted_at IS NULL"))
        {
            live.Parameters.AddWithValue(workspaceId);
            if (await live.ExecuteScalarAsync() is null)
            {
                return null;
            }
        }

        // An anonymous viewer sees what the lowest role sees, and no more.
        var anonymous = new CatalogActor(workspaceId, Guid.Empty, WorkspaceRole.Viewer);
        var (visible, hidden) = await CatalogStore.ViewAsync(scope, anonymous);
        if (!EntityKinds.TryFind(kind, out var entityKind) || await EntityRows.FindAsync(scope, entityKind, entityId, visible) is not { } entity)
        {
            return null;
        }

        entity = hidden.Scrub(entity);
        var referenced = await EntityRows.LiveNamesAsync(scope, [.. ShareProjection.ReferencedIds(entity).Distinct()], visible);
        return ShareProjection.Project(entity, referenced, new PublicIds(key));
    }

    private async Task<(Guid WorkspaceId, string Kind, Guid EntityId, byte[] Key)?> FindAsync(byte[] tokenHash)
    {
        var found = await ScopeSetting.ReadAsync(
            dataSources.App,
            TokenSetting,
            Convert.ToHexStringLower(tokenHash),
            """
            SELECT workspace_id, entity_kind, entity_id, public_id_key FROM shares
            WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
            """,
            [tokenHash, clock.GetUtcNow()],
            reader => (reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<byte[]>(3)));
        return found.Count == 1 ? found[0] : null;
    }
}
