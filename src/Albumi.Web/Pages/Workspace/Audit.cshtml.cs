using System.Globalization;
using Albumi.Grains;
using Albumi.Grains.Audit;
using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// The admin audit view: the workspace's security events, newest first, filtered by event type, outcome, member and
/// time (UTC), a page at a time. Same events, same filters and same checks as <c>GET /v1/workspaces/{ws}/audit</c>.
/// </summary>
public sealed class AuditModel(WorkspacePageAccess access, IGrainFactory grains, SecurityAuditLog audit) : PageModel
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm";

    public WorkspaceInfo Workspace { get; private set; } = null!;

    public IReadOnlyList<WorkspaceMember> Members { get; private set; } = [];

    public IReadOnlyList<(SecurityEventRecord Event, string? Email, string? DisplayName)> Events { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Member { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    /// <summary>The link to the next (older) page with the same filters, or null on the last page.</summary>
    public string? OlderLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(string ws)
    {
        // A deleted workspace's audit stays readable until it is purged, as the API's is.
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws, includeDeleted: true, requires: Permission.AuditRead);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        Workspace = workspace!;
        // The member list (for the filter and the names) is read beside the events, not before them.
        // (A deleted workspace answers no member list: its events still name who did what.)
        var members = workspace!.IsDeleted ? Task.FromResult<IReadOnlyList<WorkspaceMember>>([]) : grains.GetGrain<IWorkspaceGrain>(caller!.WorkspaceId).ListMembersAsync();
        var errors = new Dictionary<string, string[]>();
        var from = ParseTime(From, "from", errors);
        var to = ParseTime(To, "to", errors);
        Guid? member = null;
        if (!string.IsNullOrEmpty(Member))
        {
            member = Guid.TryParseExact(Member, "D", out var id) ? id : null;
            if (member is null)
            {
                errors["member"] = ["Choose a member from the list."];
            }
        }

        long? before = null;
        if (!string.IsNullOrEmpty(Before))
        {
            before = long.TryParse(Before, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;
            if (before is null)
            {
                errors["before"] = ["That page marker is not valid; start again from the first page."];
            }
        }

        var (query, filterErrors) = WorkspaceAuditFilter.Parse(Type, member, Outcome, from, to, before, WorkspaceAuditFilter.DefaultLimit);
        foreach (var (field, messages) in filterErrors)
        {
            errors.TryAdd(field, messages);
        }

        Errors = errors;
        if (query is null || errors.Count > 0)
        {
            Members = await members;
            return Page();
        }

        var events = audit.ForWorkspaceAsync(caller!.WorkspaceId, query, HttpContext.RequestAborted);
        (Members, Events) = (await members, await events);
        if (Events.Count == query.Limit)
        {
            OlderLink = QueryString.Create(new Dictionary<string, string?>
            {
                ["type"] = Type,
                ["outcome"] = Outcome,
                ["member"] = Member,
                ["from"] = From,
                ["to"] = To,
                ["before"] = Events[^1].Event.Id.ToString(CultureInfo.InvariantCulture),
            }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
        }

        return Page();
    }

    /// <summary>An event's details in a line: a change as "before → after", then the other metadata, then the reason.</summary>
    public static string Describe(SecurityEventRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = new List<string>();
        var metadata = entry.Metadata;
        if (metadata.TryGetValue("before", out var before) && metadata.TryGetValue("after", out var after))
        {
            parts.Add($"{before} → {after}");
        }

        parts.AddRange(metadata.Where(m => m.Key is not "before" and not "after").Select(m => $"{m.Key}: {m.Value}"));
        if (entry.Reason is not null)
        {
            parts.Add(entry.Reason);
        }

        return string.Join(" · ", parts);
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(' ', messages) : null;

    /// <summary>A <c>datetime-local</c> value, read as UTC (the page says so).</summary>
    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value, [TimeFormat, TimeFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return new DateTimeOffset(time, TimeSpan.Zero);
        }

        errors[field] = ["Expected a date and time such as 2026-01-31T14:30 (UTC)."];
        return null;
    }
}
