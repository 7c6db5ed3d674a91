using System.Security.Claims;
using Albumi.Grains.Mfa;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;

namespace Albumi.Web.Workspaces;

/// <summary>
/// The two-factor rule of a workspace, in one place for the API and the pages: a workspace that requires 2FA (and, by
/// default, owning any workspace) needs it on; a key made before it was on stops working there, since whoever holds
/// an old key never passed the second factor; a session must have passed it since it was turned on (one that passed only
/// a factor since turned off and replaced never passed this one).
/// </summary>
public static class MfaGate
{
    /// <summary>Why the caller may not enter, or null when they may.</summary>
    public static async Task<string?> RefusalAsync(ClaimsPrincipal user, Guid accountId, WorkspaceRole role, WorkspaceInfo workspace, TotpService totp, MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(totp);
        ArgumentNullException.ThrowIfNull(options);
        if (!workspace.RequireMfa && !(role == WorkspaceRole.Owner && options.RequiredForOwners))
        {
            return null;
        }

        var since = await totp.EnabledSinceAsync(accountId);
        return since is null ? "This workspace requires two-factor authentication: enrol at POST /v1/me/mfa/totp, then try again."
            : user.IsApiKey() && user.GetApiKeyCreatedAt() <= since ? "This API key was created before you turned on two-factor authentication; create a new key."
            : !user.IsApiKey() && !user.PassedSecondFactorSince(since.Value) ? "This session has not passed your second factor: verify a code at POST /v1/me/mfa/verify."
            : null;
    }
}
