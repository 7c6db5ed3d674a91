namespace Albumi.Grains.Workspaces;

/// <summary>
/// One workspace; its key is the tenant. Holds the workspace and its members' roles; every answer about a role is checked
/// against the row's version first, and every change drops every node's cached copy before it returns.
/// </summary>
[Alias("albumi.workspace-grain")]
public interface IWorkspaceGrain : IGrainWithGuidKey
{
    /// <summary>Creates the workspace with <paramref name="ownerAccountId"/> as its owner.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<WorkspaceInfo> CreateAsync(string name, Guid ownerAccountId);

    /// <summary>The workspace, or null when it does not exist or is soft-deleted.</summary>
    [Repeatable]
    Task<WorkspaceInfo?> GetAsync();

    /// <summary>The account's role, or null when it is not a member (or the workspace does not exist or is soft-deleted).</summary>
    [Repeatable]
    Task<WorkspaceRole?> GetRoleAsync(Guid accountId);

    /// <summary>The workspace even when soft-deleted (for restore and its audit), or null when it does not exist.</summary>
    [Repeatable]
    Task<WorkspaceInfo?> GetIncludingDeletedAsync();

    /// <summary>
    /// The workspace, deleted or not, with every member's role, read against the row's version first (as
    /// <see cref="GetRoleAsync"/> is); null unless <paramref name="accountId"/> is a member, so a stranger learns only
    /// what a missing workspace would tell them.
    /// </summary>
    [Repeatable]
    Task<WorkspaceRoster?> GetRosterAsync(Guid accountId);

    /// <summary>
    /// Renames the workspace and/or changes whether it requires two-factor authentication. Turning the requirement off
    /// needs <paramref name="steppedUp"/> (a recent step-up or an admin-scoped key), else <see cref="WorkspaceRuleViolation.StepUpRequired"/>.
    /// </summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<WorkspaceInfo> UpdateAsync(string? name, bool? requireMfa, bool steppedUp);

    [Repeatable]
    Task<IReadOnlyList<WorkspaceMember>> ListMembersAsync();

    /// <summary>Creates a single-use invite for <paramref name="email"/>; its token is shown once (only its hash is kept).</summary>
    Task<CreatedInvite> InviteAsync(string email, WorkspaceRole role, Guid inviterAccountId, TimeSpan validFor);

    /// <summary>
    /// Joins <paramref name="accountId"/> with the invite's role, only if the account's address is the one invited and
    /// the invite's maker is still a member whose role may grant it (see <c>InviteRule</c>).
    /// </summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<WorkspaceRole> AcceptInviteAsync(byte[] tokenHash, Guid accountId);

    /// <summary>The invites not yet used, revoked or expired, oldest first.</summary>
    [Repeatable]
    Task<IReadOnlyList<PendingInvite>> ListInvitesAsync();

    /// <summary>The members and, with <paramref name="withInvites"/>, the pending invites, in one call on one connection (the workspace page).</summary>
    [Repeatable]
    Task<WorkspacePeople> ReadPeopleAsync(bool withInvites);

    /// <summary>Revokes a pending invite; null when this workspace has no pending invite with that id.</summary>
    Task<PendingInvite?> RevokeInviteAsync(Guid inviteId);

    /// <summary>
    /// Changes a member's role and revokes the pending invites the new role may not grant; returns the role before. A role
    /// above the one they hold needs <paramref name="steppedUp"/> (a recent step-up or an admin-scoped key), else
    /// <see cref="WorkspaceRuleViolation.StepUpRequired"/>; a demotion never does.
    /// </summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<WorkspaceRole> ChangeRoleAsync(Guid accountId, WorkspaceRole role, Guid actorAccountId, bool steppedUp);

    /// <summary>Removes a member and revokes every pending invite they made; returns the role they had.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<WorkspaceRole> RemoveMemberAsync(Guid accountId);

    /// <summary>
    /// Makes <paramref name="newOwnerAccountId"/> (a member) the owner; the old owner becomes an admin and keeps their
    /// pending invites, since an admin may grant every role an invite can carry.
    /// </summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task TransferOwnershipAsync(Guid newOwnerAccountId);

    /// <summary>Reads the workspace and its members afresh; called by whoever changed its rows (delete, restore, purge).</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task ReloadAsync();
}
