using System.Reflection;
using System.Runtime.Serialization;

namespace Albumi.Cli;

/// <summary>
/// The generated client's enums by the words the API uses (<c>30d</c>, <c>failure</c>), which are what people type:
/// the CLI takes the word and finds the member that carries it.
/// </summary>
public static class WireValue
{
    public static IEnumerable<string> All<T>()
        where T : struct, Enum
        => Members<T>().Select(WordOf);

    /// <summary>The member whose wire word is <paramref name="word"/>; null for no word; a usage error naming the choices otherwise.</summary>
    public static T? Parse<T>(string? word, string option)
        where T : struct, Enum
    {
        if (word is null)
        {
            return null;
        }

        foreach (var field in Members<T>())
        {
            if (WordOf(field) == word)
            {
                return (T)field.GetValue(null)!;
            }
        }

        throw new CliException($"{option} must be one of {string.Join(", ", All<T>())}", exitCode: 2);
    }

    private static FieldInfo[] Members<T>()
        where T : struct, Enum
        => typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static);

    private static string WordOf(FieldInfo member) => member.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? member.Name;
}
