using Npgsql;

namespace Albumi.Grains.Persistence;

/// <summary>
/// The statement that sets one of the settings the row-level security policies read (<c>albumi.workspace_id</c>,
/// <c>albumi.account_id</c>, <c>albumi.share_token_hash</c>) for the current transaction only. It never goes alone: it
/// leads the batch of the statement it governs, so the two share one round trip.
/// </summary>
internal static class ScopeSetting
{
    public static NpgsqlBatchCommand Command(string name, string value)
    {
        var setting = new NpgsqlBatchCommand("SELECT set_config($1, $2, true)");
        setting.Parameters.Add(new NpgsqlParameter { Value = name });
        setting.Parameters.Add(new NpgsqlParameter { Value = value });
        return setting;
    }

    /// <summary>
    /// The rows of one read under <paramref name="name"/> = <paramref name="value"/>, in one round trip and with no
    /// transaction around it: the batch is its own transaction, so the setting ends with the read.
    /// </summary>
    public static async Task<List<T>> ReadAsync<T>(
        NpgsqlDataSource dataSource, string name, string value, string sql, object[] parameters, Func<NpgsqlDataReader, T> readRow,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(name, value));
        var statement = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            statement.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        batch.BatchCommands.Add(statement);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(readRow(reader));
        }

        return rows;
    }
}
