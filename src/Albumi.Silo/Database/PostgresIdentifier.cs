using System.Text.RegularExpressions;

namespace Albumi.Silo.Database;

/// <summary>Identifiers that SQL cannot take as parameters (database and role names), checked and quoted.</summary>
public static partial class PostgresIdentifier
{
    /// <summary>Double-quotes a name made of lowercase letters, digits and underscores; anything else is refused.</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SafeName().IsMatch(name)
            ? $"\"{name}\""
            : throw new ArgumentException($"'{name}' is not a plain PostgreSQL name (lowercase letters, digits, underscores, at most 63 characters, not starting with a digit).", nameof(name));
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SafeName();
}
