using Npgsql;

namespace Albumi.Grains.Persistence;

/// <summary>
/// A transaction bound to one workspace: it sets <c>albumi.workspace_id</c> for this transaction only, so row-level
/// security shows and accepts that workspace's rows and no other's. Disposing without <see cref="CommitAsync"/> rolls back.
/// </summary>
public sealed class WorkspaceScope : IAsyncDisposable
{
    /// <summary>The PostgreSQL setting every workspace-scoped policy reads.</summary>
    public const string SettingName = "albumi.workspace_id";

    private WorkspaceScope(Guid workspaceId, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        WorkspaceId = workspaceId;
        Connection = connection;
        Transaction = transaction;
    }

    public Guid WorkspaceId { get; }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public static Task<WorkspaceScope> BeginAsync(NpgsqlDataSource dataSource, Guid workspaceId, CancellationToken cancellationToken = default)
        => BeginAsync(dataSource, workspaceId, System.Data.IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>A scope whose transaction has <paramref name="isolation"/>: repeatable read gives a long read one snapshot.</summary>
    public static async Task<WorkspaceScope> BeginAsync(
        NpgsqlDataSource dataSource, Guid workspaceId, System.Data.IsolationLevel isolation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (workspaceId == Guid.Empty)
        {
            throw new ArgumentException("A workspace scope needs a workspace id.", nameof(workspaceId));
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
            await using (var command = new NpgsqlCommand("SELECT set_config($1, $2, true)", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = SettingName });
                command.Parameters.Add(new NpgsqlParameter { Value = workspaceId.ToString("D") });
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new WorkspaceScope(workspaceId, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command on this scope's connection and transaction.</summary>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
