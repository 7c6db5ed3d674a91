namespace Albumi.Web.Auth;

/// <summary>What a local password must be: 12 to 256 characters, not a common password, not the email or the name.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    private static readonly HashSet<string> CommonPasswords = LoadCommonPasswords();

    /// <summary>Why the password is refused, or null when it is acceptable.</summary>
    public static string? Check(string password, string email, string displayName)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinLength)
        {
            return $"The password must be at least {MinLength} characters long.";
        }

        if (password.Length > MaxLength)
        {
            return $"The password must be at most {MaxLength} characters long.";
        }

        var lowered = password.ToLowerInvariant();
        if (CommonPasswords.Contains(lowered) || password.Distinct().Count() < 4)
        {
            return "This password is too common; choose another.";
        }

        var localPart = email.Split('@')[0].ToLowerInvariant();
        return lowered.Contains(localPart.Length >= 4 ? localPart : "\0", StringComparison.Ordinal)
               || lowered == displayName.ToLowerInvariant()
            ? "The password must not contain your email or be your name."
            : null;
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Albumi.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                passwords.Add(line.Trim().ToLowerInvariant());
            }
        }

        return passwords;
    }
}
