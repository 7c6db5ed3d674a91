namespace Albumi.Web.Catalog;

/// <summary>The request body cannot be used at all: too large (413) or not JSON (400).</summary>
public sealed class RequestBodyException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
