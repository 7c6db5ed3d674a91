using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Albumi.Grains.ApiKeys;

/// <summary>
/// API keys: <c>alb_</c> and 60 lowercase hex characters (30 bytes from a CSPRNG), matched by
/// <see cref="Pattern"/> (published in the README for secret scanners). Stored as SHA-256 only, with an 8-character
/// display prefix.
/// </summary>
public static partial class ApiKeyFormat
{
    public const string Pattern = "alb_[0-9a-f]{60}";
    public const int RandomBytes = 30;

    public static string NewKey() => "alb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomBytes));

    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? key) => key is { Length: 64 } && WholeKey().IsMatch(key);

    /// <summary>Whether a text (a query string, a log line) holds something that looks like a key.</summary>
    public static bool ContainsKey(string? text) => text is not null && AnyKey().IsMatch(text);

    public static byte[] Hash(string key) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(key));

    public static string GrainKey(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>The grain key of a well-formed key, hashed on the stack (it runs on every API-key request).</summary>
    public static string GrainKeyOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> ascii = stackalloc byte[64];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ascii[..System.Text.Encoding.ASCII.GetBytes(key, ascii)], hash);
        return Convert.ToHexStringLower(hash);
    }

    public static string Prefix(string key) => key.Substring(4, 8);

    [GeneratedRegex("^" + Pattern + "$")]
    private static partial Regex WholeKey();

    [GeneratedRegex(Pattern)]
    private static partial Regex AnyKey();
}
