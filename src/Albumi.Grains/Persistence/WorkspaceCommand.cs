using Npgsql;

namespace Albumi.Grains.Persistence;

/// <summary>
/// One statement of a <see cref="WorkspaceScope"/>, used as an <see cref="NpgsqlCommand"/> is (positional parameters,
/// execute, read). It is sent as a batch with the workspace setting in front whenever its transaction still needs it,
/// so the setting and the statement share one round trip; the caller sees only the statement's results. Statements
/// added with <see cref="Add"/> ride the same round trip; the reader moves to each one's results with NextResult.
/// </summary>
public sealed class WorkspaceCommand : IAsyncDisposable, IDisposable
{
    private readonly WorkspaceScope _scope;
    private readonly NpgsqlBatchCommand _statement;
    private readonly List<NpgsqlBatchCommand> _statements;
    private NpgsqlBatch? _batch;

    internal WorkspaceCommand(WorkspaceScope scope, string sql)
    {
        _scope = scope;
        _statement = new NpgsqlBatchCommand(sql);
        _statements = [_statement];
    }

    public NpgsqlParameterCollection Parameters => _statement.Parameters;

    /// <summary>Another statement sent in the same round trip, after this one (its own positional parameters).</summary>
    public NpgsqlBatchCommand Add(string sql)
    {
        var statement = new NpgsqlBatchCommand(sql);
        _statements.Add(statement);
        return statement;
    }

    /// <summary>The rows the statement inserted, changed, deleted or returned.</summary>
    public async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default)
    {
        await (await BatchAsync(cancellationToken)).ExecuteNonQueryAsync(cancellationToken);
        _scope.SettingSent();
        return checked((int)_statement.RecordsAffected);
    }

    /// <summary>The first column of the statement's first row; <see cref="DBNull.Value"/> for NULL; null when no row.</summary>
    public async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default)
    {
        await using var reader = await ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.FieldCount > 0 ? reader.GetValue(0) : null;
    }

    /// <summary>A reader positioned before the statement's first row (the setting's own result already passed).</summary>
    public async Task<NpgsqlDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default)
    {
        var batch = await BatchAsync(cancellationToken);
        var reader = await batch.ExecuteReaderAsync(cancellationToken);
        try
        {
            if (batch.BatchCommands.Count > _statements.Count)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            _scope.SettingSent();
            return reader;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    private async ValueTask<NpgsqlBatch> BatchAsync(CancellationToken cancellationToken)
    {
        if (_batch is not null)
        {
            _batch.BatchCommands.Clear();
            await _batch.DisposeAsync();
        }

        _batch = await _scope.BatchAsync(_statements, cancellationToken);
        return _batch;
    }

    public ValueTask DisposeAsync() => _batch?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => _batch?.Dispose();
}
