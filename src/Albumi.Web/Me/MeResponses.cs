using Albumi.Grains.Audit;
using Albumi.Web.Requests;

namespace Albumi.Web.Me;

public sealed record MeResponse(Guid Id, string Email, string DisplayName, IReadOnlyList<LinkedProviderResponse> Providers, IReadOnlyList<MembershipResponse> Workspaces);

public sealed record LinkedProviderResponse(string Provider, DateTimeOffset LinkedAt);

public sealed record MembershipResponse(Guid Id, string Name, string Role);

public sealed record SessionResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? Ip, string Browser, string Os, string Provider, bool Current);

public sealed record SecurityEventResponse(
    long Id, DateTimeOffset OccurredAt, string Type, string Outcome, string? Ip, string Browser, string Os, string? Provider, string? Reason)
{
    public static SecurityEventResponse From(SecurityEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (browser, os) = UserAgentParser.Parse(record.UserAgent);
        return new SecurityEventResponse(
            record.Id, record.OccurredAt, TypeName(record.Type), record.Outcome.ToString().ToLowerInvariant(), record.Ip, browser, os, record.Provider, record.Reason);
    }

    /// <summary>The event type's name on the wire: sign-in, role-changed, …</summary>
    public static string TypeName(SecurityEventType type) => ToKebab(type.ToString());

    private static string ToKebab(string name)
        => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
