using System.Security.Cryptography;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// An invite's token: <c>inv_</c>, the workspace id, 256 random bits (base64url). PostgreSQL keeps only its SHA-256.
/// </summary>
public static class InviteToken
{
    /// <summary>How long an invite stays usable, whether made by hand or by an import.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// The one answer to a token that cannot be used, whatever the reason: malformed, unknown workspace, wrong secret,
    /// used, expired, revoked, its maker no longer allowed to grant it, or made for another address. It names no detail
    /// of the invite, so a token tells its holder nothing unless it is theirs to use.
    /// </summary>
    public const string Unusable = "This invite cannot be used: it does not exist, was used or revoked, has expired, or was made for another email address. "
        + "Sign in with the address it was sent to, or ask the workspace's admins for a new one.";

    public static string Create(Guid workspaceId)
        => $"inv_{workspaceId:N}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
