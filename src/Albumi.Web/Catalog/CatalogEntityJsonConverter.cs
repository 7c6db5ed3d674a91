using System.Text.Json;
using System.Text.Json.Serialization;
using Albumi.Grains.Catalog;

namespace Albumi.Web.Catalog;

/// <summary>Entities in responses look as <see cref="CatalogJson.Write"/> writes them. Requests never bind to an entity.</summary>
public sealed class CatalogEntityJsonConverter : JsonConverter<CatalogEntity>
{
    public override CatalogEntity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => throw new NotSupportedException("Catalogue entities are read from request bodies by the catalogue, not bound.");

    public override void Write(Utf8JsonWriter writer, CatalogEntity value, JsonSerializerOptions options) => CatalogJson.Write(writer, value);
}
