using Albumi.Web.Me;

namespace Albumi.Web.Pages.Account;

/// <summary>Security events in words for the history page: what happened and how it ended, never the wire names.</summary>
public static class SecurityEventText
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["sign-in"] = "Sign-in",
        ["sign-out"] = "Sign-out",
        ["sign-out-all"] = "Logged out other devices",
        ["session-revoked"] = "Session revoked",
        ["account-created"] = "Account created",
        ["provider-linked"] = "Sign-in provider linked",
        ["account-disabled"] = "Account disabled",
        ["mfa-enabled"] = "Two-factor authentication turned on",
        ["mfa-disabled"] = "Two-factor authentication turned off",
        ["recovery-code-used"] = "Recovery code used",
        ["recovery-codes-regenerated"] = "New recovery codes",
        ["second-factor-verified"] = "Two-factor code checked",
        ["erasure-requested"] = "Account erasure requested",
        ["erasure-cancelled"] = "Account erasure cancelled",
        ["reauthenticated"] = "Password confirmed",
        ["api-key-created"] = "API key created",
        ["api-key-revoked"] = "API key revoked",
        ["api-key-refused"] = "API key refused",
    };

    public static string What(SecurityEventResponse entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Types.TryGetValue(entry.Type, out var text) ? text : char.ToUpperInvariant(entry.Type[0]) + entry.Type[1..].Replace('-', ' ');
    }

    public static string Outcome(SecurityEventResponse entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Outcome switch
        {
            "success" => "succeeded",
            "failure" => "failed",
            "blocked" => "blocked",
            var other => other,
        };
    }

    /// <summary>Where the event came from: browser and system, and the address when known.</summary>
    public static string From(SecurityEventResponse entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{entry.Browser} on {entry.Os}, {(entry.Ip is null ? "address unknown" : entry.Ip)}";
    }
}
