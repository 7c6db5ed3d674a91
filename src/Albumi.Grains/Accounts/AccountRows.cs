using Npgsql;

namespace Albumi.Grains.Accounts;

/// <summary>The SQL behind accounts and their logins.</summary>
internal static class AccountRows
{
    /// <summary>The account and the row's version (which a write checks), or (null, 0) when there is none.</summary>
    public static async Task<(AccountProfile? Profile, int Version)> LoadAsync(NpgsqlDataSource dataSource, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        string email, displayName, status;
        DateTimeOffset createdAt;
        int version;
        await using (var account = new NpgsqlCommand("SELECT email, display_name, status, created_at, version FROM accounts WHERE id = $1", connection))
        {
            account.Parameters.AddWithValue(id);
            await using var reader = await account.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (null, 0);
            }

            (email, displayName, status, createdAt, version) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4));
        }

        var logins = new List<LinkedLogin>();
        await using (var command = new NpgsqlCommand("SELECT provider, subject, linked_at FROM account_logins WHERE account_id = $1 ORDER BY linked_at", connection))
        {
            command.Parameters.AddWithValue(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                logins.Add(new LinkedLogin(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        return (new AccountProfile(id, email, displayName, AccountStatuses.Parse(status), logins, createdAt), version);
    }

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, NewAccount account, DateTimeOffset now)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO accounts (id, email, email_normalized, display_name, password_hash, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, connection, transaction);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(account.Email);
        insert.Parameters.AddWithValue(EmailAddress.Normalize(account.Email));
        insert.Parameters.AddWithValue(account.DisplayName);
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)account.PasswordHash ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.AddWithValue(now);
        await insert.ExecuteNonQueryAsync();
    }

    public static async Task InsertLoginAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId, ExternalLogin login, DateTimeOffset now)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO account_logins (provider, subject, account_id, email, linked_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (provider, subject) DO NOTHING
            """, connection, transaction);
        insert.Parameters.AddWithValue(login.Provider);
        insert.Parameters.AddWithValue(login.Subject);
        insert.Parameters.AddWithValue(accountId);
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)login.Email ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.AddWithValue(now);
        await insert.ExecuteNonQueryAsync();
    }
}
