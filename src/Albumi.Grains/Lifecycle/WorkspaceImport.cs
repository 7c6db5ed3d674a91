using System.Text.Json.Nodes;

using Albumi.Grains.Workspaces;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// A workspace export whose outline is checked (format, workspace, members, and every entity's id and kind, each
/// given its new id), ready to become a new workspace. Members become invites; nobody is granted anything silently.
/// The entities and comments themselves are checked and remapped one by one as <see cref="Rows"/> is read, inside the
/// import's transaction, so a large import never holds them all at once.
/// </summary>
public sealed record WorkspaceImport(
    string Name,
    bool RequireMfa,
    JsonObject ClassificationPolicy,
    IReadOnlyList<ImportedMember> Members,
    int EntityCount,
    int CommentCount,
    IImportedRows Rows)
{
    /// <summary>The members who become invites: everyone listed but the importer (who owns the new workspace), once each.</summary>
    public IEnumerable<ImportedMember> Invitees(string importerEmail) => Members.Where(m => m.Email != importerEmail).DistinctBy(m => m.Email);
}

/// <summary>
/// An import's entities, then its comments, checked and remapped as they are enumerated (once each). Any error is
/// kept, and <see cref="ThrowIfInvalid"/> throws them all at the end, so the transaction that wrote what came before
/// rolls back: all or nothing.
/// </summary>
public interface IImportedRows
{
    bool HasErrors { get; }

    IEnumerable<ImportedEntity> Entities();

    IEnumerable<ImportedComment> Comments();

    void ThrowIfInvalid();
}

public sealed record ImportedMember(string Email, WorkspaceRole Role);

/// <summary>An entity to insert: <see cref="FieldsJson"/> holds every field but name and classification, serialized as stored.</summary>
public sealed record ImportedEntity(
    Guid Id, string Kind, string Name, string? Classification, string FieldsJson, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ImportedComment(Guid Id, Guid EntityId, string Body, DateTimeOffset CreatedAt);

/// <summary>An invite issued by an import (<paramref name="Id"/> as its pending invite's); the token is shown to the importer once.</summary>
[GenerateSerializer, Immutable, Alias("albumi.imported-invite.v1")]
public sealed record ImportedInvite(string Email, WorkspaceRole Role, string Token, DateTimeOffset ExpiresAt, Guid Id);
