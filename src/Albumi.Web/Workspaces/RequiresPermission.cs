namespace Albumi.Web.Workspaces;

/// <summary>Endpoint metadata: the permission a workspace route needs. A workspace route without it is refused outright.</summary>
public sealed record RequiresPermission(Permission Permission);

public static class RequiresPermissionExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new RequiresPermission(permission));
}

/// <summary>Endpoint metadata: the route still answers while its workspace is soft-deleted (restore, and its audit).</summary>
public sealed record AvailableWhileDeleted;
