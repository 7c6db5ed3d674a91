using System.Net.Mail;

namespace Albumi.Grains.Accounts;

/// <summary>
/// Email addresses as accounts use them: checked, and compared case-insensitively through a normalised form. An address
/// may not hold a non-ASCII character whose case mapping is ASCII (the Kelvin sign U+212A for "k", the dotted capital
/// I for "i", the long s for "s"): compared through its lower-case form it would stand for the plain address, holding
/// its place and its invites, while shown as a look-alike.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 320;

    public static bool IsValid(string? email)
        => email is { Length: >= 3 and <= MaxLength }
           && email == email.Trim()
           && MailAddress.TryCreate(email, out var parsed)
           && parsed.Address == email
           && email.Contains('@', StringComparison.Ordinal)
           && !email.Any(IsAsciiLookAlike);

    private static bool IsAsciiLookAlike(char c) => !char.IsAscii(c) && (char.IsAscii(char.ToLowerInvariant(c)) || char.IsAscii(char.ToUpperInvariant(c)));

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
