using System.Security.Cryptography;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// An invite's token: <c>inv_</c>, the workspace id, 256 random bits (base64url). PostgreSQL keeps only its SHA-256.
/// </summary>
public static class InviteToken
{
    /// <summary>How long an invite stays usable, whether made by hand or by an import.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>The one answer to a token that cannot be used, whatever the reason: malformed, unknown workspace, wrong secret, used, expired.</summary>
    public const string Unusable = "This invite does not exist, was used already, or has expired.";

    public static string Create(Guid workspaceId)
        => $"inv_{workspaceId:N}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
