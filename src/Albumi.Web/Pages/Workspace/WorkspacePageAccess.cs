using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Catalog;
using Albumi.Grains.Mfa;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Requests;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// The workspace pages' version of <see cref="WorkspaceAccessFilter"/>: the caller's current role from the workspace's
/// roster (<see cref="WorkspaceDirectory.MemberAsync"/>), a non-member or missing workspace as "not found", and the same
/// two-factor rule.
/// </summary>
public sealed class WorkspacePageAccess(WorkspaceDirectory directory, TotpService totp, IOptions<MfaOptions> mfa)
{
    public enum Outcome
    {
        Allowed,
        SignIn,
        NotFound,
        Forbidden,

        /// <summary>The workspace needs a second factor the account lacks or this session has not passed.</summary>
        SecondFactor,
    }

    /// <remarks>
    /// With <paramref name="includeDeleted"/> a soft-deleted workspace is found too (its settings page offers restore).
    /// With <paramref name="requires"/> a member whose role lacks the permission is refused (403), as the API refuses them.
    /// With <paramref name="forChange"/> (a form posted without script that changes something) the role is read from the
    /// workspace itself, never this node's cached roster, as the API's filter reads it for a change.
    /// </remarks>
    public async Task<(Outcome Outcome, WorkspaceInfo? Workspace, CatalogActor? Caller)> CheckAsync(
        ClaimsPrincipal user, string ws, bool includeDeleted = false, Permission? requires = null, bool forChange = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.GetAccountId() is not { } accountId)
        {
            return (Outcome.SignIn, null, null);
        }

        if (!RouteIds.TryParse(ws, out var id) || !user.MayReachWorkspace(id)
            || await directory.MemberAsync(id, accountId, includeDeleted, forChange) is not ({ } workspace, var role))
        {
            return (Outcome.NotFound, null, null);
        }

        if (await MfaGate.RefusalAsync(user, accountId, role, workspace, totp, mfa.Value) is not null)
        {
            return (Outcome.SecondFactor, null, null);
        }

        return requires is not { } permission || RolePermissions.Allows(role, permission)
            ? (Outcome.Allowed, workspace, new CatalogActor(id, accountId, role))
            : (Outcome.Forbidden, null, null);
    }

    /// <summary>
    /// What a page answers instead of itself: sign-in or the security page's two-factor set-up (each returning here after),
    /// 404 or 403 (shown as error pages); null when it may show itself.
    /// </summary>
    public static IActionResult? Refusal(Outcome outcome) => outcome switch
    {
        Outcome.SignIn => new Shared.RedirectWithReturnResult("/signin"),
        Outcome.SecondFactor => new Shared.RedirectWithReturnResult(Account.SecurityModel.PagePath),
        Outcome.NotFound => new NotFoundResult(),
        Outcome.Forbidden => new ForbidResult(),
        _ => null,
    };
}
