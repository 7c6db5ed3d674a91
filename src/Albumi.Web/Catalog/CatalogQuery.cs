using System.Globalization;
using Albumi.Grains.Catalog;
using Albumi.Web.Requests;

namespace Albumi.Web.Catalog;

/// <summary>Route and query values of catalogue requests, parsed inside the handler so the workspace check comes first.</summary>
public static class CatalogQuery
{
    public const int DefaultPageSize = 50;

    /// <summary>An id from the route; anything that is not a UUID names nothing, so it answers 404 like an unknown id.</summary>
    public static Guid Id(string? value, string what)
        => RouteIds.TryParse(value, out var id) ? id : throw new CatalogNotFoundException(what);

    /// <summary>The draft a request works in (<c>?proposal=</c>), or null for the mainline.</summary>
    public static Guid? Proposal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.TryGetValue("proposal", out var value) ? Id(value.ToString(), "proposal") : null;
    }

    public static int Limit(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue("limit", out var value))
        {
            return DefaultPageSize;
        }

        return int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= CatalogStore.MaxPageSize
            ? limit
            : throw CatalogValidationException.For("limit", $"Expected a whole number from 1 to {CatalogStore.MaxPageSize}.");
    }

    /// <summary>The opaque paging cursor: where the previous page ended.</summary>
    public static Guid? Cursor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue("cursor", out var value))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(value.ToString().Replace('-', '+').Replace('_', '/') + "==");
            return bytes.Length == 16 ? new Guid(bytes, bigEndian: true) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw CatalogValidationException.For("cursor", "Not a cursor this API returned.");
        }
    }

    public static string CursorFor(Guid id) => Convert.ToBase64String(id.ToByteArray(bigEndian: true)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static long? Before(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue("before", out var value))
        {
            return null;
        }

        return long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var before)
            ? before
            : throw CatalogValidationException.For("before", "Expected an activity id.");
    }
}
