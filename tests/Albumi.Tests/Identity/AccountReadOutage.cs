using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Npgsql;

namespace Albumi.Tests.Identity;

/// <summary>
/// A real database fault: the runtime role loses its SELECT on <c>accounts</c> until disposed. A session's or key's read
/// (they join their account) fails with "permission denied", while revoking sessions (an UPDATE of <c>sessions</c>
/// alone) still commits: a reload after a revocation fails, as it would on a dropped connection or a timeout.
/// </summary>
public sealed class AccountReadOutage : IAsyncDisposable
{
    private readonly DatabaseSettings _database;

    private AccountReadOutage(DatabaseSettings database) => _database = database;

    public static async Task<AccountReadOutage> BeginAsync(DatabaseSettings database)
    {
        await ExecuteAsync(database, $"REVOKE SELECT ON accounts FROM {PostgresIdentifier.Quote(database.AppRole)}");
        return new AccountReadOutage(database);
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync(_database, $"GRANT SELECT ON accounts TO {PostgresIdentifier.Quote(_database.AppRole)}");

    private static async Task ExecuteAsync(DatabaseSettings database, string sql)
    {
        await using var connection = await TestPostgres.OpenAsync(database.OwnerConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
