using System.Globalization;
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

    public static WorkspaceImport Read(JsonElement root)
    {
        var errors = new CatalogErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw CatalogValidationException.For("$", "Expected a workspace export object.");
        }

        Expect(root, "format", e => e.ValueKind == JsonValueKind.String && e.GetString() == ExportSchema.Format, $"Expected \"{ExportSchema.Format}\".", errors);
        Expect(root, "version", e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) && v == ExportSchema.Version, $"Expected {ExportSchema.Version}.", errors);
        foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("format" or "version" or "exportedAt" or "workspace" or "members" or "entities" or "comments")))
        {
            errors.Add("$." + property.Name, "Unknown property.");
        }

        var (name, requireMfa, policy) = ReadWorkspace(root, errors);
        var members = ReadMembers(root, errors);
        var (entities, ids) = IndexEntities(root, errors);
        var comments = root.TryGetProperty("comments", out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
        if (comments.ValueKind != JsonValueKind.Array)
        {
            errors.Add("$.comments", "Expected a list of comments.");
        }

        errors.ThrowIfAny();
        return new WorkspaceImport(name, requireMfa, policy, members, ids.Count, comments.GetArrayLength(), new StreamedRows(entities, comments, ids));
    }

    private static (string Name, bool RequireMfa, JsonObject Policy) ReadWorkspace(JsonElement root, CatalogErrors errors)
    {
        if (!root.TryGetProperty("workspace", out var workspace) || workspace.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$.workspace", "Expected an object with name, requireMfa and classificationPolicy.");
            return ("", false, []);
        }

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

    private static List<ImportedMember> ReadMembers(JsonElement root, CatalogErrors errors)
    {
        var members = new List<ImportedMember>();
        if (!root.TryGetProperty("members", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("$.members", "Expected a list of {email, role, status}.");
            return members;
        }

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
    /// The first of two passes over the entities: every id and kind checked, and each entity given its new id (so
    /// references can point forwards). The second pass is <see cref="StreamedRows.Entities"/>.
    /// </summary>
    private static (JsonElement List, Dictionary<Guid, (Guid NewId, EntityKind Kind)> Ids) IndexEntities(JsonElement root, CatalogErrors errors)
    {
        var ids = new Dictionary<Guid, (Guid NewId, EntityKind Kind)>();
        if (!root.TryGetProperty("entities", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("$.entities", "Expected a list of entities.");
            return (default, ids);
        }

        var order = new List<Guid>();
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var path = $"$.entities[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "Expected an entity object.");
                continue;
            }

            var id = ReadGuid(element, "id", path, errors);
            var kindName = element.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (!EntityKinds.TryFind(kindName, out var kind))
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

        return (list, ids);
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

    private static List<Guid> Ordered(int count)
    {
        var fresh = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            fresh.Add(Guid.CreateVersion7());
        }

        fresh.Sort(static (a, b) => string.CompareOrdinal(a.ToString("N"), b.ToString("N")));
        return fresh;
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

    private static void Expect(JsonElement root, string name, Func<JsonElement, bool> valid, string message, CatalogErrors errors)
    {
        if (!root.TryGetProperty(name, out var value) || !valid(value))
        {
            errors.Add("$." + name, message);
        }
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

    /// <summary>The second pass: each entity, then each comment, checked, remapped and serialized as it is asked for.</summary>
    private sealed class StreamedRows(JsonElement entities, JsonElement comments, Dictionary<Guid, (Guid NewId, EntityKind Kind)> ids) : IImportedRows
    {
        private readonly CatalogErrors _errors = new();

        public bool HasErrors => _errors.Count > 0;

        public void ThrowIfInvalid() => _errors.ThrowIfAny();

        public IEnumerable<ImportedEntity> Entities()
        {
            var parents = new Dictionary<Guid, (Guid Parent, string Path)>();
            var index = 0;
            foreach (var element in entities.EnumerateArray())
            {
                var path = $"$.entities[{index++}]";
                if (_errors.Count >= MaxErrors)
                {
                    yield break;
                }

                if (!element.TryGetProperty("id", out var idValue) || idValue.ValueKind != JsonValueKind.String
                    || !Guid.TryParseExact(idValue.GetString(), "D", out var old) || !ids.TryGetValue(old, out var mapped))
                {
                    continue;
                }

                var entity = Read(element, mapped.NewId, mapped.Kind, path, parents);
                if (entity is not null)
                {
                    yield return entity;
                }
            }

            CheckCycles(parents, _errors);
        }

        public IEnumerable<ImportedComment> Comments()
        {
            var fresh = Ordered(comments.GetArrayLength());
            var index = 0;
            foreach (var comment in comments.EnumerateArray())
            {
                var path = $"$.comments[{index++}]";
                if (_errors.Count >= MaxErrors)
                {
                    yield break;
                }

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
                    yield return new ImportedComment(fresh[index - 1], ids[known].NewId, body, created);
                }
            }
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

                var fields = new JsonObject();
                foreach (var (name, value) in values.Where(v => v.Key is not "name" and not "classification"))
                {
                    fields[name] = value;
                }

                return new ImportedEntity(
                    id, kind.Segment, values["name"]!.GetValue<string>(), values.GetValueOrDefault("classification")?.GetValue<string>(),
                    fields.ToJsonString(), created, updated);
            }
            catch (CatalogValidationException invalid)
            {
                Merge(_errors, path, invalid);
                return null;
            }
        }
    }
}
