using Npgsql;

namespace Albumi.Grains.Persistence;

/// <summary>
/// A transaction that may list one account's own memberships across workspaces (and those workspaces' names): it sets
/// <c>albumi.account_id</c> for this transaction only. It grants nothing inside any workspace.
/// </summary>
public static class AccountScope
{
    public const string SettingName = "albumi.account_id";

    public static async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginAsync(
        NpgsqlDataSource dataSource, Guid accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT set_config($1, $2, true)", connection, transaction);
            command.Parameters.AddWithValue(SettingName);
            command.Parameters.AddWithValue(accountId.ToString("D"));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return (connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
