using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Albumi.Grains.Security;

/// <summary>
/// Time-based one-time passwords per RFC 6238 (HMAC-SHA1, 30-second steps). Verification accepts one step of drift
/// either way and reports the step it matched, so the caller can refuse that step (and earlier ones) next time.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int SecretBytes = 20;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code for a step, <paramref name="digits"/> long (6 for apps; the RFC's vectors use 8).</summary>
    public static string Compute(ReadOnlySpan<byte> secret, long step, int digits = 6)
        => Truncate(secret, step, digits).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');

    /// <summary>The step <paramref name="code"/> is valid for (now ±1 step), or null. All three steps are always checked.</summary>
    public static long? Verify(ReadOnlySpan<byte> secret, string? code, DateTimeOffset now)
    {
        if (code is not { Length: 6 } || !int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expected))
        {
            return null;
        }

        var current = StepAt(now);
        long? matched = null;
        for (var step = current - 1; step <= current + 1; step++)
        {
            // No early exit: the work done does not depend on which step (if any) matched.
            if ((Truncate(secret, step, 6) ^ expected) == 0)
            {
                matched = step;
            }
        }

        return matched;
    }

    // The one-shot HMAC: no key object to build and dispose per call, nothing allocated.
    private static int Truncate(ReadOnlySpan<byte> secret, long step, int digits)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[19] & 0x0f;
        return (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff) % Pow10(digits);
    }

    private static int Pow10(int digits) => digits switch { 6 => 1_000_000, 7 => 10_000_000, 8 => 100_000_000, _ => throw new ArgumentOutOfRangeException(nameof(digits)) };
}
