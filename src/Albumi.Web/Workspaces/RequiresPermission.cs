namespace Albumi.Web.Workspaces;

/// <summary>Endpoint metadata: the permission a workspace route needs. A workspace route without it is refused outright.</summary>
public sealed record RequiresPermission(Permission Permission);

public static class RequiresPermissionExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new RequiresPermission(permission));
}
