namespace Albumi.Grains.Workspaces;

/// <summary>
/// Who may grant what by invite, checked when an invite is made and again when it is used: an invite is worth only what
/// its maker may grant at that moment.
/// </summary>
public static class InviteRule
{
    /// <summary>The roles an invite can carry: never owner (ownership moves by transfer).</summary>
    public static IReadOnlyList<WorkspaceRole> InvitableRoles { get; } = [WorkspaceRole.Admin, WorkspaceRole.Editor, WorkspaceRole.Viewer];

    /// <summary>
    /// Admins and the owner invite (the permission table's <c>MembersInvite</c>), never above their own role and never as owner.
    /// </summary>
    public static bool MayGrant(WorkspaceRole maker, WorkspaceRole invited)
        => maker >= WorkspaceRole.Admin && invited != WorkspaceRole.Owner && invited <= maker;

    /// <summary>The invitable roles <paramref name="maker"/> may not grant: what their invites lose on a demotion.</summary>
    public static WorkspaceRole[] NotGrantableBy(WorkspaceRole maker) => InvitableRoles.Where(r => !MayGrant(maker, r)).ToArray();
}
