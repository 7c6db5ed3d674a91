namespace Albumi.Grains.Catalog;

/// <summary>The request breaks the catalogue's rules; <see cref="Errors"/> names each field (as a JSON path) and why.</summary>
public sealed class CatalogValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static CatalogValidationException For(string path, string message) => new(new Dictionary<string, string[]> { [path] = [message] });
}
