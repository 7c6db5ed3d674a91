using Npgsql;

namespace Albumi.Grains.Persistence;

/// <summary>
/// The two ways the running product reaches PostgreSQL: as the runtime role (DML only, subject to row-level security)
/// and as the audit writer (INSERT and SELECT on the audit tables only). The owning role is used by the migrator alone.
/// </summary>
public sealed class AlbumiDataSources(NpgsqlDataSource app, NpgsqlDataSource auditWriter) : IAsyncDisposable
{
    /// <summary>The runtime role: requests and grains.</summary>
    public NpgsqlDataSource App { get; } = app;

    /// <summary>The audit-writer role: appending to the audit log.</summary>
    public NpgsqlDataSource AuditWriter { get; } = auditWriter;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await AuditWriter.DisposeAsync();
    }
}
