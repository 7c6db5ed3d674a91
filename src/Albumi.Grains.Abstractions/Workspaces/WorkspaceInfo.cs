namespace Albumi.Grains.Workspaces;

/// <summary>A workspace as its members see it. With <c>RequireMfa</c>, every member needs two-factor authentication to reach it.</summary>
public sealed record WorkspaceInfo(Guid Id, string Name, DateTimeOffset CreatedAt, int Version, bool RequireMfa);
