using Albumi.Web.Workspaces;

namespace Albumi.Web.Auth;

/// <summary>What an API key's scopes allow: <c>read</c> changes nothing, <c>write</c> changes content, <c>admin</c> the rest.</summary>
public static class ApiKeyScope
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];

    /// <summary>The scope an endpoint needs: declared, else from its workspace permission, else read for GET and write otherwise.</summary>
    public static string Required(Endpoint endpoint, string method)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Metadata.GetMetadata<RequiresScope>() is { } declared)
        {
            return declared.Scope;
        }

        if (endpoint.Metadata.GetMetadata<RequiresPermission>() is { } permission)
        {
            return permission.Permission switch
            {
                Permission.WorkspaceRead or Permission.MembersRead or Permission.EntityRead => Read,
                Permission.EntityCreate or Permission.EntityUpdate or Permission.EntityDelete or Permission.CommentCreate or Permission.ShareCreate => Write,
                _ => Admin,
            };
        }

        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Read : Write;
    }
}

/// <summary>Endpoint metadata: the API key scope an endpoint needs when it is not what its method or permission implies.</summary>
public sealed record RequiresScope(string Scope);
