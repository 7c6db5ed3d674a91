using Albumi.Grains.Audit;
using Albumi.Web.Me;

namespace Albumi.Web.Workspaces;

/// <summary>
/// The workspace audit view's filters as people and clients give them (event type by its wire name, outcome, member,
/// time range, page), checked once for the API and the page alike: a bad filter is a field error, never a query.
/// </summary>
public static class WorkspaceAuditFilter
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 200;

    /// <summary>Every event type's wire name, in the order the enum declares them (the page's filter list).</summary>
    public static IReadOnlyList<string> TypeNames { get; } = Enum.GetValues<SecurityEventType>().Select(SecurityEventResponse.TypeName).Distinct().ToArray();

    public static IReadOnlyList<string> Outcomes { get; } = ["success", "failure", "blocked"];

    public static (AuditQuery? Query, Dictionary<string, string[]> Errors) Parse(
        string? type, Guid? accountId, string? outcome, DateTimeOffset? from, DateTimeOffset? to, long? before, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        SecurityEventType[]? types = null;
        if (!string.IsNullOrEmpty(type))
        {
            types = Enum.GetValues<SecurityEventType>().Where(t => SecurityEventResponse.TypeName(t) == type).ToArray();
            if (types.Length == 0)
            {
                errors["type"] = ["Unknown event type; use the names the audit log shows, such as sign-in or role-changed."];
            }
        }

        SecurityOutcome? parsedOutcome = outcome switch
        {
            null or "" => null,
            "success" => SecurityOutcome.Success,
            "failure" => SecurityOutcome.Failure,
            "blocked" => SecurityOutcome.Blocked,
            _ => null,
        };
        if (!string.IsNullOrEmpty(outcome) && parsedOutcome is null)
        {
            errors["outcome"] = ["outcome must be success, failure or blocked."];
        }

        // Times arrive with whatever offset the caller's clock has; PostgreSQL compares instants, in UTC.
        from = from?.ToUniversalTime();
        to = to?.ToUniversalTime();
        if (from is not null && to is not null && from >= to)
        {
            errors["to"] = ["to must be later than from."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new AuditQuery(types, accountId, parsedOutcome, from, to, before, limit ?? DefaultLimit), errors);
    }
}
