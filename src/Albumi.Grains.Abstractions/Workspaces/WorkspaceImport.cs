using System.Text.Json.Nodes;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// A checked workspace export, ready to become a new workspace: ids already remapped, references rewritten to the new
/// ids, every value valid. Members become invites; nobody is granted anything silently.
/// </summary>
public sealed record WorkspaceImport(
    string Name,
    bool RequireMfa,
    JsonObject ClassificationPolicy,
    IReadOnlyList<ImportedMember> Members,
    IReadOnlyList<ImportedEntity> Entities,
    IReadOnlyList<ImportedComment> Comments);

public sealed record ImportedMember(string Email, WorkspaceRole Role);

/// <summary>
/// An entity to insert: <see cref="FieldsJson"/> holds every field but name and classification, serialized as stored,
/// and <see cref="CreatedJson"/> its "created" activity diff (kept as text, so a large import holds no object model).
/// </summary>
public sealed record ImportedEntity(
    Guid Id, string Kind, string Name, string? Classification, string FieldsJson, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CreatedJson);

public sealed record ImportedComment(Guid Id, Guid EntityId, string Body, DateTimeOffset CreatedAt);

/// <summary>An invite issued by an import; the token is shown to the importer once.</summary>
public sealed record ImportedInvite(string Email, WorkspaceRole Role, string Token, DateTimeOffset ExpiresAt);
