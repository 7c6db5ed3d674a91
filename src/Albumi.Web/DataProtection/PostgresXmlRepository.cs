using System.Text;
using System.Xml.Linq;
using Albumi.Grains.Persistence;
using Albumi.Grains.Security;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Albumi.Web.DataProtection;

/// <summary>
/// Keeps ASP.NET Core's data protection key ring in PostgreSQL, each element encrypted under Albumi's field-encryption
/// key ring (associated data: the row id). The framework calls this rarely (start-up and key roll), synchronously.
/// </summary>
public sealed class PostgresXmlRepository(AlbumiDataSources dataSources, KeyRingStore keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var ring = keys.GetAsync().GetAwaiter().GetResult();
        using var read = dataSources.App.CreateCommand("SELECT id, element FROM data_protection_keys ORDER BY id");
        using var reader = read.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(Encoding.UTF8.GetString(ring.Decrypt(reader.GetFieldValue<byte[]>(1), EncryptedColumns.DataProtectionKey(reader.GetInt64(0))))));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var ring = keys.GetAsync().GetAwaiter().GetResult();
        using var connection = dataSources.App.OpenConnection();
        using var transaction = connection.BeginTransaction();
        long id;

        // Nodes starting together may each create a key; they take turns so that ids never collide.
        using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE data_protection_keys IN EXCLUSIVE MODE", connection, transaction))
        {
            lockTable.ExecuteNonQuery();
        }

        using (var next = new Npgsql.NpgsqlCommand("SELECT COALESCE(max(id), 0) + 1 FROM data_protection_keys", connection, transaction))
        {
            id = (long)next.ExecuteScalar()!;
        }

        using var insert = new Npgsql.NpgsqlCommand("INSERT INTO data_protection_keys (id, friendly_name, element) VALUES ($1, $2, $3)", connection, transaction);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(friendlyName);
        insert.Parameters.AddWithValue(ring.Encrypt(Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting)), EncryptedColumns.DataProtectionKey(id)));
        insert.ExecuteNonQuery();
        transaction.Commit();
    }

}
