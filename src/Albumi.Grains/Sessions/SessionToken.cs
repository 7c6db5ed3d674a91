using System.Buffers.Text;
using System.Security.Cryptography;

namespace Albumi.Grains.Sessions;

/// <summary>
/// The secret a session cookie carries: 256 random bits, base64url (43 characters). The server keeps only its SHA-256,
/// and the session grain's key is that hash in hex.
/// </summary>
public static class SessionToken
{
    public const int SecretBytes = 32;
    public const int EncodedLength = 43;

    private static readonly System.Buffers.SearchValues<char> Alphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The SHA-256 of a well-formed secret, or false for anything else (wrong length, wrong alphabet).</summary>
    public static bool TryHash(string? secret, out byte[] hash)
    {
        hash = [];
        if (secret is not { Length: EncodedLength } || !secret.AsSpan().ContainsAnyExcept(Alphabet) is false)
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[SecretBytes + 2];
        if (!Base64Url.TryDecodeFromChars(secret, raw, out var written) || written != SecretBytes)
        {
            return false;
        }

        hash = SHA256.HashData(raw[..SecretBytes]);
        return true;
    }

    public static string GrainKey(byte[] hash) => Convert.ToHexStringLower(hash);
}
