namespace Albumi.Web.Catalog;

/// <summary>The request body cannot be used at all: too large (413), not JSON (400), or a field PostgreSQL could not store (400, <see cref="Field"/>).</summary>
public sealed class RequestBodyException(int status, string message, string? field = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The field at fault (a JSON path such as <c>fields.owner</c>), when there is one.</summary>
    public string? Field { get; } = field;
}
