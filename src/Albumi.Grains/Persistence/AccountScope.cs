using Npgsql;

namespace Albumi.Grains.Persistence;

/// <summary>
/// Reads that may list one account's own memberships across workspaces (and those workspaces' names): each sets
/// <c>albumi.account_id</c> for itself only, in the same round trip. It grants nothing inside any workspace.
/// </summary>
public static class AccountScope
{
    public const string SettingName = "albumi.account_id";

    /// <summary>The rows of <paramref name="sql"/> (positional <paramref name="parameters"/>) as <paramref name="accountId"/> sees them.</summary>
    public static Task<List<T>> ReadAsync<T>(
        NpgsqlDataSource dataSource, Guid accountId, string sql, object[] parameters, Func<NpgsqlDataReader, T> readRow,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return ScopeSetting.ReadAsync(dataSource, SettingName, accountId.ToString("D"), sql, parameters, readRow, cancellationToken);
    }
}
