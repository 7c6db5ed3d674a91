using System.Data;
using Npgsql;

namespace Albumi.Grains.Persistence;

/// <summary>
/// Statements bound to one workspace: <c>albumi.workspace_id</c> is set for their transaction only, so row-level
/// security shows and accepts that workspace's rows and no other's. The setting never costs a round trip of its own: it
/// travels in the same batch as the statement it governs (<see cref="WorkspaceCommand"/>).
/// <list type="bullet">
/// <item><see cref="BeginAsync(NpgsqlDataSource, Guid, CancellationToken)"/>: one transaction for every statement, set
/// with the first of them; disposing without <see cref="CommitAsync"/> rolls back.</item>
/// <item><see cref="OpenAsync"/>: no transaction around the statements; each is its own and carries the setting
/// itself, so a statement is one round trip. For reads, and for writes of a single statement.</item>
/// </list>
/// </summary>
public sealed class WorkspaceScope : IAsyncDisposable
{
    /// <summary>The PostgreSQL setting every workspace-scoped policy reads.</summary>
    public const string SettingName = "albumi.workspace_id";

    private readonly NpgsqlConnection _connection;
    private readonly IsolationLevel? _isolation;
    private readonly string _workspaceSetting;
    private NpgsqlTransaction? _transaction;
    private bool _settingInTransaction;

    private WorkspaceScope(Guid workspaceId, NpgsqlConnection connection, IsolationLevel? isolation)
    {
        WorkspaceId = workspaceId;
        _connection = connection;
        _isolation = isolation;
        _workspaceSetting = workspaceId.ToString("D");
    }

    public Guid WorkspaceId { get; }

    /// <summary>A transaction in read committed isolation.</summary>
    public static Task<WorkspaceScope> BeginAsync(NpgsqlDataSource dataSource, Guid workspaceId, CancellationToken cancellationToken = default)
        => CreateAsync(dataSource, workspaceId, IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>A transaction in <paramref name="isolation"/>: repeatable read gives a long read one snapshot.</summary>
    public static Task<WorkspaceScope> BeginAsync(NpgsqlDataSource dataSource, Guid workspaceId, IsolationLevel isolation, CancellationToken cancellationToken = default)
        => CreateAsync(dataSource, workspaceId, isolation, cancellationToken);

    /// <summary>
    /// No transaction around the statements: each commits on its own (a read sees what was committed when it started,
    /// as it would in a read committed transaction). Nothing to commit.
    /// </summary>
    public static Task<WorkspaceScope> OpenAsync(NpgsqlDataSource dataSource, Guid workspaceId, CancellationToken cancellationToken = default)
        => CreateAsync(dataSource, workspaceId, isolation: null, cancellationToken);

    private static async Task<WorkspaceScope> CreateAsync(NpgsqlDataSource dataSource, Guid workspaceId, IsolationLevel? isolation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (workspaceId == Guid.Empty)
        {
            throw new ArgumentException("A workspace scope needs a workspace id.", nameof(workspaceId));
        }

        return new WorkspaceScope(workspaceId, await dataSource.OpenConnectionAsync(cancellationToken), isolation);
    }

    /// <summary>A statement in this scope.</summary>
    public WorkspaceCommand CreateCommand(string sql) => new(this, sql);

    /// <summary>Commits the transaction (of a scope begun with one; a read scope has nothing to commit).</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default)
        => _transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// A batch for <paramref name="statements"/>, led by the setting when its transaction has not had it yet. Npgsql
    /// sends a transaction's BEGIN with its first statement, so that too shares the round trip.
    /// </summary>
    internal async ValueTask<NpgsqlBatch> BatchAsync(IEnumerable<NpgsqlBatchCommand> statements, CancellationToken cancellationToken)
    {
        if (_isolation is { } isolation && _transaction is null)
        {
            _transaction = await _connection.BeginTransactionAsync(isolation, cancellationToken);
        }

        var batch = new NpgsqlBatch(_connection, _transaction);
        if (!_settingInTransaction)
        {
            batch.BatchCommands.Add(ScopeSetting.Command(SettingName, _workspaceSetting));
        }

        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        return batch;
    }

    /// <summary>Called once a batch from <see cref="BatchAsync"/> ran: its transaction carries the setting from now on.</summary>
    internal void SettingSent() => _settingInTransaction = _transaction is not null;

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}
