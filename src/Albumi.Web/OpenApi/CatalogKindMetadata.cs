using Albumi.Grains.Catalog;

namespace Albumi.Web.OpenApi;

/// <summary>Endpoint metadata: the endpoint serves entities of <see cref="Kind"/>, whose field table describes its bodies (<see cref="CatalogDocumentation"/>).</summary>
public sealed record CatalogKindMetadata(EntityKind Kind);
