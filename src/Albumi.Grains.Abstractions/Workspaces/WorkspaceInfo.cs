namespace Albumi.Grains.Workspaces;

/// <summary>A workspace as its members see it.</summary>
public sealed record WorkspaceInfo(Guid Id, string Name, DateTimeOffset CreatedAt, int Version);
