using System.Diagnostics.CodeAnalysis;

namespace Albumi.Web.Requests;

/// <summary>
/// Ids that requests name (workspaces, entities, proposals, members, sessions, keys): only the spelling every response
/// writes, a lowercase dashed UUID, and never the empty one. Any other spelling (braces, no dashes, upper case, the
/// all-zero id, a string of any length) names nothing, so the caller answers it as it answers an id that does not exist,
/// before the value reaches a grain or a query.
/// </summary>
public static class RouteIds
{
    public static bool TryParse([NotNullWhen(true)] string? value, out Guid id)
    {
        if (value is { Length: 36 } && value.AsSpan().IndexOfAnyInRange('A', 'Z') < 0
            && Guid.TryParseExact(value, "D", out id) && id != Guid.Empty)
        {
            return true;
        }

        id = Guid.Empty;
        return false;
    }
}
