using System.Net.Mail;

namespace Albumi.Grains.Accounts;

/// <summary>Email addresses as accounts use them: checked, and compared case-insensitively through a normalised form.</summary>
public static class EmailAddress
{
    public const int MaxLength = 320;

    public static bool IsValid(string? email)
        => email is { Length: >= 3 and <= MaxLength }
           && email == email.Trim()
           && MailAddress.TryCreate(email, out var parsed)
           && parsed.Address == email
           && email.Contains('@', StringComparison.Ordinal);

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
