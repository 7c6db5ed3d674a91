using Albumi.Grains.Accounts;
using Albumi.Grains.Persistence;
using Npgsql;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// The SQL behind invites, always inside a <see cref="WorkspaceScope"/>. Pending means not accepted, not revoked and
/// not expired; a revocation is a time on the row, so an invite once revoked never comes back.
/// </summary>
internal static class WorkspaceInvites
{
    /// <summary>The invite (as <c>i</c>) is pending at <c>$2</c>.</summary>
    private const string Pending = "i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2";

    public static async Task InsertAsync(
        WorkspaceScope scope, Guid id, string token, string email, WorkspaceRole role, Guid invitedBy, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        await using var insert = scope.CreateCommand("""
            INSERT INTO workspace_invites (workspace_id, id, token_hash, email, role, invited_by, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        insert.Parameters.AddWithValue(scope.WorkspaceId);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(InviteToken.Hash(token));
        insert.Parameters.AddWithValue(EmailAddress.Normalize(email));
        insert.Parameters.AddWithValue(RoleNames.Of(role));
        insert.Parameters.AddWithValue(invitedBy);
        insert.Parameters.AddWithValue(now);
        insert.Parameters.AddWithValue(expiresAt);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Marks the invite used by <paramref name="accountId"/> when it is pending, names that account's (normalised)
    /// address, and its maker has been a member without a break since making it and is still an active account (a
    /// disabled maker keeps the membership row but grants nothing); returns the invite's role and the
    /// maker's role now (which the caller checks against <see cref="InviteRule"/>), or null. One answer for every reason.
    /// </summary>
    public static async Task<(WorkspaceRole Invited, WorkspaceRole Maker)?> UseAsync(WorkspaceScope scope, byte[] tokenHash, Guid accountId, DateTimeOffset now)
    {
        await using var use = scope.CreateCommand($"""
            UPDATE workspace_invites i SET accepted_at = $2, accepted_by = $3
            FROM workspace_members maker
            WHERE i.token_hash = $1 AND i.workspace_id = $4 AND {Pending}
              AND i.email = (SELECT a.email_normalized FROM accounts a WHERE a.id = $3 AND a.status = 'active')
              AND maker.workspace_id = i.workspace_id AND maker.account_id = i.invited_by AND maker.joined_at <= i.created_at
              AND EXISTS (SELECT 1 FROM accounts m WHERE m.id = i.invited_by AND m.status = 'active')
            RETURNING i.role, maker.role
            """);
        use.Parameters.AddWithValue(tokenHash);
        use.Parameters.AddWithValue(now);
        use.Parameters.AddWithValue(accountId);
        use.Parameters.AddWithValue(scope.WorkspaceId);
        await using var reader = await use.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (WorkspaceRows.ParseRole(reader.GetString(0)), WorkspaceRows.ParseRole(reader.GetString(1))) : null;
    }

    /// <summary>The pending invites, oldest first: <c>$1</c> is the workspace, <c>$2</c> now.</summary>
    public const string ListPendingSql = $"""
        SELECT i.id, i.email, i.role, i.invited_by, a.display_name, i.created_at, i.expires_at
        FROM workspace_invites i JOIN accounts a ON a.id = i.invited_by
        WHERE i.workspace_id = $1 AND {Pending}
        ORDER BY i.created_at, i.id
        """;

    public static async Task<IReadOnlyList<PendingInvite>> ListPendingAsync(WorkspaceScope scope, DateTimeOffset now)
    {
        await using var list = scope.CreateCommand(ListPendingSql);
        list.Parameters.AddWithValue(scope.WorkspaceId);
        list.Parameters.AddWithValue(now);
        await using var reader = await list.ExecuteReaderAsync();
        return await ReadPendingAsync(reader);
    }

    /// <summary>The rows of <see cref="ListPendingSql"/> at the reader's current result.</summary>
    public static async Task<IReadOnlyList<PendingInvite>> ReadPendingAsync(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var invites = new List<PendingInvite>();
        while (await reader.ReadAsync())
        {
            invites.Add(Read(reader));
        }

        return invites;
    }

    /// <summary>Revokes one pending invite; returns it as it was, or null when the workspace has no pending invite with that id.</summary>
    public static async Task<PendingInvite?> RevokeAsync(WorkspaceScope scope, Guid id, DateTimeOffset now)
    {
        await using var revoke = scope.CreateCommand($"""
            UPDATE workspace_invites i SET revoked_at = $2
            FROM accounts a
            WHERE i.workspace_id = $1 AND i.id = $3 AND a.id = i.invited_by AND {Pending}
            RETURNING i.id, i.email, i.role, i.invited_by, a.display_name, i.created_at, i.expires_at
            """);
        revoke.Parameters.AddWithValue(scope.WorkspaceId);
        revoke.Parameters.AddWithValue(now);
        revoke.Parameters.AddWithValue(id);
        await using var reader = await revoke.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    /// <summary>
    /// Revokes the invites <paramref name="maker"/> made that are not used or revoked yet and carry one of
    /// <paramref name="roles"/> (expired ones too, so none is left to list); returns their ids and roles.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid Id, WorkspaceRole Role)>> RevokeMadeByAsync(
        WorkspaceScope scope, Guid maker, IReadOnlyCollection<WorkspaceRole> roles, DateTimeOffset now)
    {
        if (roles.Count == 0)
        {
            return [];
        }

        await using var revoke = scope.CreateCommand("""
            UPDATE workspace_invites SET revoked_at = $2
            WHERE workspace_id = $1 AND invited_by = $3 AND role = ANY($4) AND accepted_at IS NULL AND revoked_at IS NULL
            RETURNING id, role
            """);
        revoke.Parameters.AddWithValue(scope.WorkspaceId);
        revoke.Parameters.AddWithValue(now);
        revoke.Parameters.AddWithValue(maker);
        revoke.Parameters.AddWithValue(roles.Select(RoleNames.Of).ToArray());
        var revoked = new List<(Guid, WorkspaceRole)>();
        await using var reader = await revoke.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            revoked.Add((reader.GetGuid(0), WorkspaceRows.ParseRole(reader.GetString(1))));
        }

        return revoked;
    }

    /// <summary>
    /// Revokes every invite of the workspace addressed to <paramref name="accountId"/>'s (normalised) address that is not
    /// used or revoked yet (expired ones too): once that person joins or is removed, no other invite of theirs is left to
    /// bring them back. Returns each invite's id, role and maker.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid Id, WorkspaceRole Role, Guid Maker)>> RevokeAddressedToAsync(WorkspaceScope scope, Guid accountId, DateTimeOffset now)
    {
        await using var revoke = scope.CreateCommand("""
            UPDATE workspace_invites SET revoked_at = $2
            WHERE workspace_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
              AND email = (SELECT a.email_normalized FROM accounts a WHERE a.id = $3)
            RETURNING id, role, invited_by
            """);
        revoke.Parameters.AddWithValue(scope.WorkspaceId);
        revoke.Parameters.AddWithValue(now);
        revoke.Parameters.AddWithValue(accountId);
        var revoked = new List<(Guid, WorkspaceRole, Guid)>();
        await using var reader = await revoke.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            revoked.Add((reader.GetGuid(0), WorkspaceRows.ParseRole(reader.GetString(1)), reader.GetGuid(2)));
        }

        return revoked;
    }

    /// <summary>
    /// Revokes the pending invites addressed to <paramref name="email"/> (a newer invite replaces them, so one address has
    /// one live invite); returns each invite's id, role and maker.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid Id, WorkspaceRole Role, Guid Maker)>> RevokePendingForAsync(WorkspaceScope scope, string email, DateTimeOffset now)
    {
        await using var revoke = scope.CreateCommand("""
            UPDATE workspace_invites SET revoked_at = $2
            WHERE workspace_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND email = $3
            RETURNING id, role, invited_by
            """);
        revoke.Parameters.AddWithValue(scope.WorkspaceId);
        revoke.Parameters.AddWithValue(now);
        revoke.Parameters.AddWithValue(EmailAddress.Normalize(email));
        var revoked = new List<(Guid, WorkspaceRole, Guid)>();
        await using var reader = await revoke.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            revoked.Add((reader.GetGuid(0), WorkspaceRows.ParseRole(reader.GetString(1)), reader.GetGuid(2)));
        }

        return revoked;
    }

    /// <summary>Whether <paramref name="email"/> (normalised) is the address of a member of the workspace.</summary>
    public static async Task<bool> IsMemberAddressAsync(WorkspaceScope scope, string email)
    {
        await using var find = scope.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM workspace_members m JOIN accounts a ON a.id = m.account_id
                           WHERE m.workspace_id = $1 AND a.email_normalized = $2)
            """);
        find.Parameters.AddWithValue(scope.WorkspaceId);
        find.Parameters.AddWithValue(EmailAddress.Normalize(email));
        return (bool)(await find.ExecuteScalarAsync())!;
    }

    private static PendingInvite Read(NpgsqlDataReader reader)
        => new(
            reader.GetGuid(0), reader.GetString(1), WorkspaceRows.ParseRole(reader.GetString(2)), reader.GetGuid(3), reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6));
}
