using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>
/// What a draft does to one entity: create it with <see cref="Fields"/>, set <see cref="Fields"/> on it, or delete it.
/// <see cref="Base"/> holds each set field's mainline value when the draft first touched it.
/// </summary>
public sealed record ProposalChange(Guid EntityId, EntityKind Kind, string Operation, JsonObject Fields, JsonObject Base)
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
}
