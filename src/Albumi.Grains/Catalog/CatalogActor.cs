using Albumi.Grains.Workspaces;

namespace Albumi.Grains.Catalog;

/// <summary>Who works in the catalogue: the workspace (the tenant, from the authorized route), the account and its current role.</summary>
public sealed record CatalogActor(Guid WorkspaceId, Guid AccountId, WorkspaceRole Role);
