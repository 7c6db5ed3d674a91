using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// One activity entry as people read it: what happened and who did it ("status changed by Ada"), and each field it
/// changed with human labels and values as text ("Status: active → retired"). A comment's entry links to the comment
/// instead of listing fields; a sensitive field says it changed, never its values.
/// </summary>
public sealed record ActivityText(string Summary, IReadOnlyList<string> Changes, Guid? CommentId, Guid? ProposalId)
{
    public static ActivityText Of(ActivityEntry entry, EntityKind kind, CatalogNames names)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(names);
        var actor = entry.ActorName ?? (entry.ActorId is { } id ? names.Member(id) : "someone");
        var summary = $"{Verb(entry.ChangeType)} by {actor}";
        if (entry.ChangeType == "commented")
        {
            var comment = entry.Changes.FirstOrDefault()?["commentId"]?.GetValue<string>();
            return new ActivityText(summary, [], Guid.TryParse(comment, out var commentId) ? commentId : null, null);
        }

        var lines = new List<string>();
        if (entry.ChangeType == "proposal_merged")
        {
            foreach (var part in entry.Changes.OfType<JsonObject>())
            {
                if (part["operation"]?.GetValue<string>() == ProposalChange.Delete)
                {
                    lines.Add("Deleted by the proposal");
                }

                lines.AddRange(Lines(kind, part["changes"] as JsonArray ?? [], creating: part["operation"]?.GetValue<string>() == ProposalChange.Create, names));
            }
        }
        else
        {
            lines.AddRange(Lines(kind, entry.Changes, creating: entry.ChangeType == "created", names));
        }

        return new ActivityText(summary, lines, null, entry.ProposalId);
    }

    /// <summary>Each change of a field diff as a line; fields of a creation show only the value they were given.</summary>
    public static IEnumerable<string> Lines(EntityKind kind, JsonArray diff, bool creating, CatalogNames names)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(diff);
        foreach (var change in diff.OfType<JsonObject>())
        {
            if (change["field"]?.GetValue<string>() is not { } name)
            {
                continue;
            }

            var label = FieldLabels.Of(name);
            if (change["redacted"] is not null)
            {
                yield return $"{label}: changed (its values are not recorded)";
                continue;
            }

            var field = kind.Field(name) ?? new FieldSpec(name, FieldType.Text);
            var after = FieldText.Of(field, change["after"], names);
            yield return creating ? $"{label}: {after}" : $"{label}: {FieldText.Of(field, change["before"], names)} → {after}";
        }
    }

    /// <summary>The entity ids an entry's values name, to look their names up once for the page.</summary>
    public static IEnumerable<Guid> IdsIn(ActivityEntry entry, EntityKind kind)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(kind);
        var diffs = entry.ChangeType == "proposal_merged"
            ? entry.Changes.OfType<JsonObject>().Select(part => part["changes"] as JsonArray ?? [])
            : [entry.Changes];
        foreach (var change in diffs.SelectMany(d => d.OfType<JsonObject>()))
        {
            if (change["field"]?.GetValue<string>() is { } name && kind.Field(name) is { } field)
            {
                foreach (var id in CatalogNames.IdsIn(field, change["before"]).Concat(CatalogNames.IdsIn(field, change["after"])))
                {
                    yield return id;
                }
            }
        }
    }

    private static string Verb(string changeType) => changeType switch
    {
        "updated" => "changed",
        "commented" => "comment added",
        "proposal_merged" => "proposal merged",
        _ => changeType.Replace('_', ' '),
    };
}
