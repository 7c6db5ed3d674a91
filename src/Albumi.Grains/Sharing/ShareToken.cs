using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Albumi.Grains.Sharing;

/// <summary>A share link's secret: 128 random bits, base64url (22 characters). Only its SHA-256 is stored.</summary>
public static class ShareToken
{
    public const int Length = 22;

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormed(string? token)
        => token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
