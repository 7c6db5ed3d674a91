using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Albumi.Silo.Database;

/// <summary>One numbered SQL migration, embedded in this assembly as <c>Database/Migrations/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Albumi.Migrations.";

    /// <summary>Every embedded migration, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    private static List<Migration> Load()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = Path.GetFileNameWithoutExtension(resource[ResourcePrefix.Length..]);
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var sql = reader.ReadToEnd();
            migrations.Add(new Migration(version, name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3 … without gaps; found {migrations[i].Name} at position {i + 1}.");
            }
        }

        return migrations;
    }
}
