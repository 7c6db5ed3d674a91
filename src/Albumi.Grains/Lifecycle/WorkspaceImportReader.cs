using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Accounts;
using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// Checks an export document and turns it into a <see cref="WorkspaceImport"/>: the same rules as the schema and as
/// the catalogue's own input checks, each error named by its JSON path (<c>$.entities[3].name</c>); every id is
/// replaced by a new one and every reference rewritten to match. The outline is checked here, before anything is
/// written; entities and comments are checked as the writer reads them (<see cref="IImportedRows"/>), and any error
/// there rolls the whole import back.
/// </summary>
public static class WorkspaceImportReader
{
    private const int MaxErrors = 50;
    private static readonly IReadOnlySet<string> EntityMeta = new HashSet<string>(StringComparer.Ordinal) { "id", "kind", "createdAt", "updatedAt" };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>
    /// Reads the document from its UTF-8 bytes without building a model of the whole: one pass with a forward-only
    /// reader checks the outline and notes where each entity and comment lies; each is parsed on its own later.
    /// </summary>
    public static WorkspaceImport Read(ReadOnlyMemory<byte> utf8) => Read(new ReadOnlySequence<byte>(utf8));

    /// <inheritdoc cref="Read(ReadOnlyMemory{byte})"/>
    /// <remarks>The bytes may lie in several segments, as a request body is received.</remarks>
    public static WorkspaceImport Read(ReadOnlySequence<byte> utf8)
    {
        var errors = new CatalogErrors();
        var outline = new Outline();
        try
        {
            ReadOutline(utf8, outline, errors);
        }
        catch (JsonException)
        {
            throw CatalogValidationException.For("$", "The document is not well-formed JSON.");
        }

        if (outline.Format != ExportSchema.Format)
        {
            errors.Add("$.format", $"Expected \"{ExportSchema.Format}\".");
        }

        if (outline.Version != ExportSchema.Version)
        {
            errors.Add("$.version", $"Expected {ExportSchema.Version}.");
        }

        var (name, requireMfa, policy) = ("", false, new JsonObject());
        if (outline.Workspace is { } workspace)
        {
            (name, requireMfa, policy) = ParsePart(utf8, workspace, element => ReadWorkspace(element, errors));
        }
        else
        {
            errors.Add("$.workspace", "Expected an object with name, requireMfa and classificationPolicy.");
        }

        List<ImportedMember> members = [];
        if (outline.Members is { } list)
        {
            members = ParsePart(utf8, list, element => ReadMembers(element, errors));
        }
        else
        {
            errors.Add("$.members", "Expected a list of {email, role, status}.");
        }

        if (outline.Entities is null)
        {
            errors.Add("$.entities", "Expected a list of entities.");
        }

        if (outline.Comments is null)
        {
            errors.Add("$.comments", "Expected a list of comments.");
        }

        var ids = IndexEntities(outline.Entities ?? [], errors);
        errors.ThrowIfAny();
        return new WorkspaceImport(name, requireMfa, policy, members, ids.Count, outline.Comments!.Count, new StreamedRows(utf8, outline.Entities!, outline.Comments, ids));
    }

    /// <summary>Where the document's parts lie, and the little read straight from the outline.</summary>
    private sealed class Outline
    {
        public string? Format { get; set; }

        public int? Version { get; set; }

        public Range? Workspace { get; set; }

        public Range? Members { get; set; }

        /// <summary>Each entity's place in the document with its id and kind as given (either may be missing).</summary>
        public List<EntitySlice>? Entities { get; set; }

        public List<Range>? Comments { get; set; }
    }

    private sealed record EntitySlice(int Index, Range Place, string? Id, string? Kind, bool IsObject);

    private static void ReadOutline(ReadOnlySequence<byte> utf8, Outline outline, CatalogErrors errors)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw CatalogValidationException.For("$", "Expected a workspace export object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "format":
                    outline.Format = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                case "version":
                    outline.Version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version : null;
                    break;
                case "exportedAt":
                    break;
                case "workspace":
                    outline.Workspace = reader.TokenType == JsonTokenType.StartObject ? Place(ref reader) : null;
                    break;
                case "members":
                    outline.Members = reader.TokenType == JsonTokenType.StartArray ? Place(ref reader) : null;
                    break;
                case "entities" when reader.TokenType == JsonTokenType.StartArray:
                    outline.Entities = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        outline.Entities.Add(ReadEntitySlice(ref reader, outline.Entities.Count));
                    }

                    break;
                case "comments" when reader.TokenType == JsonTokenType.StartArray:
                    outline.Comments = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        outline.Comments.Add(Place(ref reader));
                    }

                    break;
                default:
                    if (property is not ("entities" or "comments"))
                    {
                        errors.Add("$." + property, "Unknown property.");
                    }

                    break;
            }

            reader.Skip();
        }

        // Anything after the root object is malformed, and the reader says so.
        while (reader.Read())
        {
        }
    }

    /// <summary>The place of the value the reader stands on (its start token), leaving the reader on its last token.</summary>
    private static Range Place(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return new Range(start, (int)reader.BytesConsumed);
    }

    private static EntitySlice ReadEntitySlice(ref Utf8JsonReader reader, int index)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new EntitySlice(index, new Range(start, (int)reader.BytesConsumed), null, null, IsObject: false);
        }

        string? id = null;
        string? kind = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("id"u8) ? 1 : reader.ValueTextEquals("kind"u8) ? 2 : 0;
            reader.Read();
            if (which != 0 && reader.TokenType == JsonTokenType.String)
            {
                (which == 1 ? ref id : ref kind) = reader.GetString();
            }

            reader.Skip();
        }

        return new EntitySlice(index, new Range(start, (int)reader.BytesConsumed), id, kind, IsObject: true);
    }

    /// <summary>One part of the document, parsed on its own.</summary>
    private static JsonDocument Parse(ReadOnlySequence<byte> utf8, Range place)
        => JsonDocument.Parse(utf8.Slice(place.Start.Value, place.End.Value - place.Start.Value), DocumentOptions);

    /// <summary>A part of the document parsed on its own and handed to <paramref name="read"/>.</summary>
    private static T ParsePart<T>(ReadOnlySequence<byte> utf8, Range place, Func<JsonElement, T> read)
    {
        using var document = Parse(utf8, place);
        return read(document.RootElement);
    }

    private static (string Name, bool RequireMfa, JsonObject Policy) ReadWorkspace(JsonElement workspace, CatalogErrors errors)
    {
        var name = workspace.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : "";
        if (name.Length is < 1 or > 200 || name.Any(char.IsControl))
        {
            errors.Add("$.workspace.name", "A name of 1 to 200 characters, without control characters, is required.");
        }

        var requireMfa = workspace.TryGetProperty("requireMfa", out var mfa) && mfa.ValueKind == JsonValueKind.True;
        if (mfa.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("$.workspace.requireMfa", "Expected true or false.");
        }

        var policy = ClassificationPolicy.Default;
        if (workspace.TryGetProperty("classificationPolicy", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            try
            {
                policy = ClassificationPolicy.FromJson(JsonNode.Parse(p.GetRawText())!.AsObject());
            }
            catch (CatalogValidationException invalid)
            {
                Merge(errors, "$.workspace.classificationPolicy", invalid);
            }
        }
        else
        {
            errors.Add("$.workspace.classificationPolicy", "Expected an object mapping classifications to roles.");
        }

        return (name, requireMfa, policy.ToJson());
    }

    private static List<ImportedMember> ReadMembers(JsonElement list, CatalogErrors errors)
    {
        var members = new List<ImportedMember>();
        var index = 0;
        foreach (var member in list.EnumerateArray())
        {
            var path = $"$.members[{index++}]";
            var email = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var roleName = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (!EmailAddress.IsValid(email))
            {
                errors.Add(path + ".email", "Expected an email address.");
            }
            else if (!RoleNames.TryParse(roleName, out var role))
            {
                errors.Add(path + ".role", "Expected owner, admin, editor or viewer.");
            }
            else
            {
                members.Add(new ImportedMember(EmailAddress.Normalize(email!), role));
            }
        }

        return members;
    }

    /// <summary>
    /// Every entity's id and kind checked, and each entity given its new id (so references can point forwards); the
    /// entities themselves are read later, one at a time, by <see cref="StreamedRows.Entities"/>.
    /// </summary>
    private static Dictionary<Guid, (Guid NewId, EntityKind Kind)> IndexEntities(List<EntitySlice> entities, CatalogErrors errors)
    {
        var ids = new Dictionary<Guid, (Guid NewId, EntityKind Kind)>(entities.Count);
        var order = new List<Guid>(entities.Count);
        foreach (var entity in entities)
        {
            var path = $"$.entities[{entity.Index}]";
            if (!entity.IsObject)
            {
                errors.Add(path, "Expected an entity object.");
                continue;
            }

            Guid? id = Guid.TryParseExact(entity.Id, "D", out var parsed) ? parsed : null;
            if (id is null)
            {
                errors.Add(path + ".id", "Expected an id (a UUID string).");
            }

            if (!EntityKinds.TryFind(entity.Kind, out var kind))
            {
                errors.Add(path + ".kind", "Unknown kind.");
            }
            else if (id is { } old && !ids.TryAdd(old, (Guid.Empty, kind)))
            {
                errors.Add(path + ".id", "This id is used by another entity of the document.");
            }
            else if (id is { } first)
            {
                order.Add(first);
            }
        }

        // New ids in the document's order (UUIDv7 made in one millisecond are not ordered by themselves), so the
        // workspace lists, pages and exports its entities in the order the document gave them.
        var fresh = Ordered(order.Count);
        for (var i = 0; i < order.Count; i++)
        {
            ids[order[i]] = (fresh[i], ids[order[i]].Kind);
        }

        return ids;
    }

    /// <summary>Rewrites every reference to the new ids; a reference to an id the document does not hold is an error.</summary>
    private static void Remap(EntityKind kind, Dictionary<string, JsonNode?> values, Dictionary<Guid, (Guid NewId, EntityKind Kind)> ids, string path, CatalogErrors errors)
    {
        JsonNode? Map(JsonNode? value, string? target, string at)
        {
            var old = Guid.Parse(value!.GetValue<string>());
            if (!ids.TryGetValue(old, out var mapped) || (target is not null && mapped.Kind.Segment != target))
            {
                errors.Add(at, $"No {(target is null ? "entity" : EntityKinds.Find(target).Singular)} with this id in the document.");
                return value.DeepClone();
            }

            return JsonValue.Create(mapped.NewId.ToString("D"));
        }

        foreach (var field in kind.Fields)
        {
            var value = values.GetValueOrDefault(field.Name);
            values[field.Name] = field.Type switch
            {
                FieldType.Reference when value is not null => Map(value, field.Target, $"{path}.{field.Name}"),
                FieldType.References when value is JsonArray list => new JsonArray([.. list.Select((item, i) => Map(item, field.Target, $"{path}.{field.Name}[{i}]"))]),
                FieldType.AlbumItems when value is JsonArray items => new JsonArray([.. items.Select((item, i) => (JsonNode)new JsonObject
                {
                    ["kind"] = item!["kind"]!.GetValue<string>(),
                    ["id"] = Map(item["id"], item["kind"]!.GetValue<string>(), $"{path}.{field.Name}[{i}].id"),
                })]),
                FieldType.Member => null,
                _ => value,
            };
        }
    }

    /// <summary>Finds parent chains that loop, in time linear in the number of entities (each is walked once).</summary>
    private static void CheckCycles(Dictionary<Guid, (Guid Parent, string Path)> parents, CatalogErrors errors)
    {
        var done = new HashSet<Guid>();
        foreach (var start in parents.Keys)
        {
            var walk = new List<Guid>();
            var onWalk = new HashSet<Guid>();
            var current = start;
            while (!done.Contains(current) && parents.TryGetValue(current, out var next))
            {
                if (!onWalk.Add(current))
                {
                    errors.Add(parents[current].Path + ".parentId", "The parents form a cycle.");
                    break;
                }

                walk.Add(current);
                current = next.Parent;
            }

            done.UnionWith(walk);
        }
    }

    /// <summary>
    /// <paramref name="count"/> new UUIDv7 in the order PostgreSQL sorts them (their big-endian bytes), so rows keep
    /// the document's order; sorted on a numeric key, not on strings.
    /// </summary>
    private static List<Guid> Ordered(int count)
    {
        var keyed = new (UInt128 Key, Guid Id)[count];
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            id.TryWriteBytes(bytes, bigEndian: true, out _);
            keyed[i] = (BinaryPrimitives.ReadUInt128BigEndian(bytes), id);
        }

        Array.Sort(keyed, static (a, b) => a.Key.CompareTo(b.Key));
        return [.. keyed.Select(k => k.Id)];
    }

    private static Guid? ReadGuid(JsonElement element, string name, string path, CatalogErrors errors)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParseExact(value.GetString(), "D", out var id))
        {
            return id;
        }

        errors.Add($"{path}.{name}", "Expected an id (a UUID string).");
        return null;
    }

    private static DateTimeOffset ReadTime(JsonElement element, string name, string path, CatalogErrors errors)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            return time;
        }

        errors.Add($"{path}.{name}", "Expected a time (ISO 8601).");
        return default;
    }

    private static void Merge(CatalogErrors errors, string path, CatalogValidationException invalid)
    {
        foreach (var (key, messages) in invalid.Errors)
        {
            foreach (var message in messages)
            {
                errors.Add(key == "$" ? path : $"{path}.{key}", message);
            }
        }
    }

    /// <summary>The second pass: each entity, then each comment, parsed on its own, checked, remapped and serialized as it is asked for.</summary>
    private sealed class StreamedRows(
        ReadOnlySequence<byte> utf8, List<EntitySlice> entities, List<Range> comments, Dictionary<Guid, (Guid NewId, EntityKind Kind)> ids) : IImportedRows
    {
        private readonly CatalogErrors _errors = new();

        public bool HasErrors => _errors.Count > 0;

        public void ThrowIfInvalid() => _errors.ThrowIfAny();

        public IEnumerable<ImportedEntity> Entities()
        {
            var parents = new Dictionary<Guid, (Guid Parent, string Path)>();
            foreach (var slice in entities)
            {
                if (_errors.Count >= MaxErrors)
                {
                    yield break;
                }

                // The outline checked every id and kind; an entity that failed there stopped the import before now.
                var mapped = ids[Guid.ParseExact(slice.Id!, "D")];
                using var document = Parse(utf8, slice.Place);
                var entity = Read(document.RootElement, mapped.NewId, mapped.Kind, $"$.entities[{slice.Index}]", parents);
                if (entity is not null)
                {
                    yield return entity;
                }
            }

            CheckCycles(parents, _errors);
        }

        public IEnumerable<ImportedComment> Comments()
        {
            var fresh = Ordered(comments.Count);
            for (var index = 0; index < comments.Count; index++)
            {
                var path = $"$.comments[{index}]";
                if (_errors.Count >= MaxErrors)
                {
                    yield break;
                }

                using var document = Parse(utf8, comments[index]);
                var comment = document.RootElement;
                if (comment.ValueKind != JsonValueKind.Object)
                {
                    _errors.Add(path, "Expected a comment object.");
                    continue;
                }

                var entity = ReadGuid(comment, "entityId", path, _errors);
                var body = comment.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()!.Trim() : "";
                var created = ReadTime(comment, "createdAt", path, _errors);
                if (body.Length is < 1 or > CommentStore.MaxBodyLength)
                {
                    _errors.Add(path + ".body", $"A comment of 1 to {CommentStore.MaxBodyLength} characters is required.");
                }

                if (entity is { } old && !ids.ContainsKey(old))
                {
                    _errors.Add(path + ".entityId", "No entity with this id in the document.");
                }
                else if (entity is { } known)
                {
                    yield return new ImportedComment(fresh[index], ids[known].NewId, body, created);
                }
            }
        }

        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer = new(Stream.Null);

        /// <summary>Every field but name and classification (which have columns), as stored, written straight to text.</summary>
        private string FieldsJson(Dictionary<string, JsonNode?> values)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            _writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                if (name is "name" or "classification")
                {
                    continue;
                }

                _writer.WritePropertyName(name);
                if (value is null)
                {
                    _writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(_writer);
                }
            }

            _writer.WriteEndObject();
            _writer.Flush();
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }

        private ImportedEntity? Read(JsonElement element, Guid id, EntityKind kind, string path, Dictionary<Guid, (Guid Parent, string Path)> parents)
        {
            var created = ReadTime(element, "createdAt", path, _errors);
            var updated = ReadTime(element, "updatedAt", path, _errors);
            try
            {
                var values = EntityValues.New(kind, EntityInput.Parse(kind, element, creating: true, EntityMeta));
                Remap(kind, values, ids, path, _errors);
                EntityInput.CheckWhole(kind, id, values);
                if (values.GetValueOrDefault("parentId") is { } parent)
                {
                    parents[id] = (Guid.Parse(parent.GetValue<string>()), path);
                }

                return new ImportedEntity(
                    id, kind.Segment, values["name"]!.GetValue<string>(), values.GetValueOrDefault("classification")?.GetValue<string>(),
                    FieldsJson(values), created, updated);
            }
            catch (CatalogValidationException invalid)
            {
                Merge(_errors, path, invalid);
                return null;
            }
        }
    }
}
