using System.Collections.Frozen;

namespace Albumi.Grains.Catalog;

/// <summary>A kind of catalogue entity: its path segment (<c>applications</c>), a name for messages, and its fields.</summary>
public sealed record EntityKind(string Segment, string Singular, IReadOnlyList<FieldSpec> Fields)
{
    private readonly FrozenDictionary<string, FieldSpec> _byName = Fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public FieldSpec? Field(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The fields a new entity of this kind must have.</summary>
    public IReadOnlyList<FieldSpec> RequiredFields { get; } = [.. Fields.Where(f => f.Required)];

    public bool Has(string name) => Field(name) is not null;

    /// <summary>The singular with its indefinite article, to begin a sentence: "An application", "A capability".</summary>
    public string WithArticle => ("AEIOU".Contains(char.ToUpperInvariant(Singular[0]), StringComparison.Ordinal) ? "An " : "A ") + Singular;

    /// <summary>The same inside a sentence: "an application", "a capability".</summary>
    public string WithArticleInSentence => char.ToLowerInvariant(WithArticle[0]) + WithArticle[1..];

    /// <summary>The kind's name for headings and links: "capabilities", "data objects", "IT components".</summary>
    public string Plural => Singular.EndsWith('y') ? Singular[..^1] + "ies" : Singular + "s";

    public override string ToString() => Segment;
}
