using System.Security.Cryptography;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Caching;
using Albumi.Grains.Persistence;
using Albumi.Grains.Security;
using Albumi.Grains.Time;
using Npgsql;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// One workspace: its row and its members' roles cached; every write runs in the workspace's own scope. A role or roster
/// answered for a request's access check is checked against the row's version first, so a second activation (Orleans'
/// grain directory is eventually consistent while silos join or leave) never answers a role changed or removed since it
/// read, and a node's cached roster is always one fetched after the last change's drop.
/// </summary>
public sealed class WorkspaceGrain(AlbumiClock clock, AlbumiDataSources dataSources, INodeCacheInvalidator nodeCaches, SecurityAuditLog audit) : Grain, IWorkspaceGrain
{
    private WorkspaceInfo? _workspace;
    private Dictionary<Guid, WorkspaceRole> _roles = [];

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // No workspace has the empty id (a scope refuses it): a grain keyed by it is a workspace that does not exist.
        if (Id == Guid.Empty)
        {
            return;
        }

        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, Id, cancellationToken);
        (_workspace, _roles) = await WorkspaceRows.LoadAsync(scope, cancellationToken);
    }

    public async Task<WorkspaceInfo> CreateAsync(string name, Guid ownerAccountId)
    {
        if (_workspace is not null)
        {
            throw new InvalidOperationException("The workspace exists already.");
        }

        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        var now = clock.GetUtcNow();
        await WorkspaceRows.InsertAsync(scope, name, now);
        await WorkspaceRows.UpsertMemberAsync(scope, ownerAccountId, WorkspaceRole.Owner, now);
        await CommitAsync(scope, ownerAccountId);
        return _workspace!;
    }

    public Task<WorkspaceInfo?> GetAsync() => Task.FromResult(_workspace is { IsDeleted: false } ? _workspace : null);

    public async Task<WorkspaceRole?> GetRoleAsync(Guid accountId)
    {
        await ReadAgainIfChangedAsync();
        return _workspace is { IsDeleted: false } && _roles.TryGetValue(accountId, out var role) ? role : null;
    }

    public Task<WorkspaceInfo?> GetIncludingDeletedAsync() => Task.FromResult(_workspace);

    public async Task<WorkspaceRoster?> GetRosterAsync(Guid accountId)
    {
        await ReadAgainIfChangedAsync();

        // The dictionary is never changed in place (a reload replaces it), so the roster can share it.
        return _workspace is { } workspace && _roles.ContainsKey(accountId) ? new WorkspaceRoster(workspace, _roles) : null;
    }

    /// <summary>
    /// One indexed read of the row's version (every change moves it: <see cref="ClaimVersionAsync"/>, deletion and
    /// restore); when it moved since this activation read, the rows are read again before answering.
    /// </summary>
    private async Task ReadAgainIfChangedAsync()
    {
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, Id);
        int? version;
        await using (var read = scope.CreateCommand("SELECT version FROM workspaces WHERE id = $1"))
        {
            read.Parameters.AddWithValue(Id);
            version = await read.ExecuteScalarAsync() is int current ? current : null;
        }

        if (version != _workspace?.Version)
        {
            (_workspace, _roles) = await WorkspaceRows.LoadAsync(scope, CancellationToken.None);
        }
    }

    public async Task<WorkspaceInfo> UpdateAsync(string? name, bool? requireMfa, bool steppedUp)
    {
        var workspace = Existing();
        if (workspace.RequireMfa && requireMfa == false && !steppedUp)
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.StepUpRequired, "Turning the workspace's two-factor requirement off needs a recent step-up.");
        }

        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        await using (var update = scope.CreateCommand("UPDATE workspaces SET name = COALESCE($2, name) WHERE id = $1"))
        {
            update.Parameters.AddWithValue(workspace.Id);
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await update.ExecuteNonQueryAsync();
        }

        if (requireMfa is { } require)
        {
            await using var setting = scope.CreateCommand("""
                INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'require_mfa', to_jsonb($2::boolean))
                ON CONFLICT (workspace_id, name) DO UPDATE SET value = excluded.value, version = workspace_settings.version + 1, updated_at = now()
                """);
            setting.Parameters.AddWithValue(workspace.Id);
            setting.Parameters.AddWithValue(require);
            await setting.ExecuteNonQueryAsync();
        }

        await CommitAsync(scope);
        return _workspace!;
    }

    public async Task<IReadOnlyList<WorkspaceMember>> ListMembersAsync()
    {
        Existing();
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, Id);
        return await WorkspaceRows.ListMembersAsync(scope);
    }

    public async Task<CreatedInvite> InviteAsync(string email, WorkspaceRole role, Guid inviterAccountId, TimeSpan validFor)
    {
        Existing();
        if (!_roles.TryGetValue(inviterAccountId, out var inviterRole) || !InviteRule.MayGrant(inviterRole, role))
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.RoleAboveOwn, "An invite grants at most the inviter's own role, and never owner.");
        }

        var now = clock.GetUtcNow();
        var invite = new CreatedInvite(Guid.CreateVersion7(), InviteToken.Create(Id), now + validFor);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);

        // A member's own address is refused (an invite left pending beside a membership would bring them back after a
        // removal), and a newer invite replaces an older one to the same address, so one address has one live invite.
        if (await WorkspaceInvites.IsMemberAddressAsync(scope, email))
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.AlreadyMember, "That address belongs to a member of this workspace already.");
        }

        var replaced = await WorkspaceInvites.RevokePendingForAsync(scope, email, now);
        await WorkspaceInvites.InsertAsync(scope, invite.Id, invite.Token, email, role, inviterAccountId, now, invite.ExpiresAt);
        await scope.CommitAsync();
        await AuditRevokedAsync(replaced, "replaced by a newer invite to the same address");
        return invite;
    }

    public async Task<WorkspaceRole> AcceptInviteAsync(byte[] tokenHash, Guid accountId)
    {
        // A token naming a workspace that does not exist (or is deleted) gets the answer a wrong secret gets, so a
        // made-up token cannot tell which workspace ids exist.
        if (_workspace is not { IsDeleted: false })
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.InviteUnusable, InviteToken.Unusable);
        }

        var now = clock.GetUtcNow();
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);

        // The maker's role is read in this transaction and the commit claims the workspace's version, so a removal or
        // demotion of the maker that commits first makes this fail; one answer for every reason the invite is no good.
        if (await WorkspaceInvites.UseAsync(scope, tokenHash, accountId, now) is not { } used || !InviteRule.MayGrant(used.Maker, used.Invited))
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.InviteUnusable, InviteToken.Unusable);
        }

        var role = used.Invited;

        // Checked after the invite, so a forged token says only "unusable"; throwing here rolls the use back.
        if (_roles.ContainsKey(accountId))
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.AlreadyMember, "You are a member of this workspace already.");
        }

        await WorkspaceRows.UpsertMemberAsync(scope, accountId, role, now);
        var superseded = await WorkspaceInvites.RevokeAddressedToAsync(scope, accountId, now);
        await CommitAsync(scope, accountId);
        await AuditRevokedAsync(superseded, "its invitee joined with another invite");
        return role;
    }

    public async Task<WorkspaceRole> ChangeRoleAsync(Guid accountId, WorkspaceRole role, Guid actorAccountId, bool steppedUp)
    {
        Existing();
        var before = MemberRole(accountId);
        var actorRole = MemberRole(actorAccountId);
        if (role == WorkspaceRole.Owner || before == WorkspaceRole.Owner)
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.OwnerRequired, "Ownership moves only by transfer; the owner cannot be demoted.");
        }

        if (role > actorRole || before > actorRole)
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.RoleAboveOwn, "You cannot grant or change a role above your own.");
        }

        if (role > before && !steppedUp)
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.StepUpRequired, "Raising a member's role needs a recent step-up.");
        }

        var now = clock.GetUtcNow();
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        await WorkspaceRows.UpsertMemberAsync(scope, accountId, role, now);
        var revoked = await WorkspaceInvites.RevokeMadeByAsync(scope, accountId, InviteRule.NotGrantableBy(role), now);
        await CommitAsync(scope, accountId);
        await AuditRevokedAsync(accountId, revoked, "maker demoted");
        return before;
    }

    public async Task<WorkspaceRole> RemoveMemberAsync(Guid accountId)
    {
        Existing();
        var role = MemberRole(accountId);
        if (role == WorkspaceRole.Owner)
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.OwnerRequired, "The owner cannot be removed; transfer ownership first.");
        }

        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        await using (var remove = scope.CreateCommand("DELETE FROM workspace_members WHERE workspace_id = $1 AND account_id = $2"))
        {
            remove.Parameters.AddWithValue(Id);
            remove.Parameters.AddWithValue(accountId);
            await remove.ExecuteNonQueryAsync();
        }

        var now = clock.GetUtcNow();
        var revoked = await WorkspaceInvites.RevokeMadeByAsync(scope, accountId, InviteRule.InvitableRoles.ToArray(), now);
        var addressed = await WorkspaceInvites.RevokeAddressedToAsync(scope, accountId, now);
        await CommitAsync(scope, accountId);
        await AuditRevokedAsync(accountId, revoked, "maker removed");
        await AuditRevokedAsync(addressed, "its invitee was removed from the workspace");

        // Removal ends every session of that account, in every workspace: nothing it held open survives.
        await GrainFactory.GetGrain<IAccountGrain>(accountId).RevokeSessionsAsync(keepSessionId: null, "removed from a workspace");
        return role;
    }

    public async Task<IReadOnlyList<PendingInvite>> ListInvitesAsync()
    {
        Existing();
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, Id);
        return await WorkspaceInvites.ListPendingAsync(scope, clock.GetUtcNow());
    }

    public async Task<WorkspacePeople> ReadPeopleAsync(bool withInvites)
    {
        Existing();
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, Id);
        if (!withInvites)
        {
            return new WorkspacePeople(await WorkspaceRows.ListMembersAsync(scope), []);
        }

        // Both lists in one round trip.
        await using var read = scope.CreateCommand(WorkspaceRows.ListMembersSql);
        read.Parameters.AddWithValue(Id);
        var invites = read.Add(WorkspaceInvites.ListPendingSql);
        invites.Parameters.AddWithValue(Id);
        invites.Parameters.AddWithValue(clock.GetUtcNow());
        await using var reader = await read.ExecuteReaderAsync();
        var members = await WorkspaceRows.ReadMembersAsync(reader);
        await reader.NextResultAsync();
        return new WorkspacePeople(members, await WorkspaceInvites.ReadPendingAsync(reader));
    }

    public async Task<PendingInvite?> RevokeInviteAsync(Guid inviteId)
    {
        Existing();
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        var revoked = await WorkspaceInvites.RevokeAsync(scope, inviteId, clock.GetUtcNow());
        await scope.CommitAsync();
        return revoked;
    }

    public async Task TransferOwnershipAsync(Guid newOwnerAccountId)
    {
        Existing();
        MemberRole(newOwnerAccountId);
        var owner = _roles.Single(r => r.Value == WorkspaceRole.Owner).Key;
        if (owner == newOwnerAccountId)
        {
            return;
        }

        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        var now = clock.GetUtcNow();
        await WorkspaceRows.UpsertMemberAsync(scope, owner, WorkspaceRole.Admin, now);
        await WorkspaceRows.UpsertMemberAsync(scope, newOwnerAccountId, WorkspaceRole.Owner, now);
        await CommitAsync(scope, owner, newOwnerAccountId);
    }

    /// <summary>
    /// The invites a member's removal or demotion revoked, one audit event each, after the commit (as the caller's
    /// own event is); the actor is whoever made the change, or nobody for a system path such as erasure.
    /// </summary>
    private async Task AuditRevokedAsync(Guid maker, IReadOnlyList<(Guid Id, WorkspaceRole Role)> revoked, string reason)
    {
        foreach (var (inviteId, role) in revoked)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.InviteRevoked, SecurityOutcome.Success, AccountId: maker, WorkspaceId: Id,
                ActorAccountId: GrainCaller.Account, Reason: reason, Metadata: new Dictionary<string, string> { ["invite"] = inviteId.ToString(), ["role"] = RoleNames.Of(role) }));
        }
    }

    /// <summary>Invites revoked for their invitee's sake (joined, removed, invited again), one audit event each under its maker.</summary>
    private async Task AuditRevokedAsync(IReadOnlyList<(Guid Id, WorkspaceRole Role, Guid Maker)> revoked, string reason)
    {
        foreach (var (inviteId, role, maker) in revoked)
        {
            await AuditRevokedAsync(maker, [(inviteId, role)], reason);
        }
    }

    /// <summary>Whether the account belongs to the workspace, deleted or not (the grain call filter's membership check).</summary>
    internal bool HasMember(Guid accountId) => _workspace is not null && _roles.ContainsKey(accountId);

    private WorkspaceInfo Existing()
        => _workspace is { IsDeleted: false } ? _workspace : throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such workspace.");

    private WorkspaceRole MemberRole(Guid accountId)
        => _roles.TryGetValue(accountId, out var role) ? role : throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such member.");

    /// <summary>
    /// Announces the change (and, to the accounts whose membership changed, theirs, since account grains cache their
    /// memberships), commits, and reloads what this activation caches from the committed rows.
    /// </summary>
    private async Task CommitAsync(WorkspaceScope scope, params Guid[] membershipChangedFor)
    {
        if (_workspace is { } read && !await ClaimVersionAsync(scope, read.Version))
        {
            // Nothing of this change is written: the caller's scope rolls back when the exception leaves it.
            await ReloadAsync();
            throw new WorkspaceRuleException(WorkspaceRuleViolation.ChangedConcurrently, "The workspace changed meanwhile; try again.");
        }

        try
        {
            await scope.CommitAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            throw new WorkspaceRuleException(WorkspaceRuleViolation.OwnerRequired, "A workspace always has exactly one owner.");
        }

        await ReloadAsync();
        await Task.WhenAll(membershipChangedFor.Select(account => GrainFactory.GetGrain<IAccountGrain>(account).ForgetMembershipsAsync()));
    }

    /// <summary>
    /// Every write moves the workspace's version on from the one this activation read, in the write's own transaction:
    /// a second activation (briefly possible while silos join or leave) that wrote first makes this one's write fail
    /// instead of overwriting it.
    /// </summary>
    private static async Task<bool> ClaimVersionAsync(WorkspaceScope scope, int readVersion)
    {
        await using var claim = scope.CreateCommand("UPDATE workspaces SET version = version + 1 WHERE id = $1 AND version = $2");
        claim.Parameters.AddWithValue(scope.WorkspaceId);
        claim.Parameters.AddWithValue(readVersion);
        return await claim.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>
    /// Every change ends here: the committed rows are read again, and no node keeps serving the workspace or its roster
    /// (the roles every request's access check reads) as they were.
    /// </summary>
    public async Task ReloadAsync()
    {
        await using (var fresh = await WorkspaceScope.OpenAsync(dataSources.App, Id))
        {
            (_workspace, _roles) = await WorkspaceRows.LoadAsync(fresh, CancellationToken.None);
        }

        await nodeCaches.DropEverywhereAsync(CacheKeys.Workspace(Id), CacheKeys.WorkspaceRoster(Id));
    }
}
