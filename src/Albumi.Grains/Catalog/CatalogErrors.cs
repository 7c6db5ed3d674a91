namespace Albumi.Grains.Catalog;

/// <summary>Field errors collected while checking a request; thrown together as one <see cref="CatalogValidationException"/>.</summary>
public sealed class CatalogErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>How many fields have errors.</summary>
    public int Count => _errors.Count;

    public bool Has(string path) => _errors.ContainsKey(path);

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
    }

    public CatalogValidationException ToException() => new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    public void ThrowIfAny()
    {
        if (!IsEmpty)
        {
            throw ToException();
        }
    }
}
