using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Npgsql;

namespace Albumi.Silo.Operators;

/// <summary>
/// <c>operators grant EMAIL | revoke EMAIL | list</c>, run by the headless node on a server: the only way in the
/// product to make someone a platform operator. Writes as the owner role (the runtime role may only read the table)
/// and records each change in the audit log with the server user who ran it.
/// </summary>
public static class OperatorCommands
{
    public static async Task<int> RunAsync(string ownerConnectionString, SecurityAuditLog audit, string[] command, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync();
        switch (command)
        {
            case ["list"]:
                await using (var list = new NpgsqlCommand(
                    "SELECT a.email, o.granted_at, o.granted_by FROM platform_operators o JOIN accounts a ON a.id = o.account_id ORDER BY a.email", connection))
                await using (var reader = await list.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        await output.WriteLineAsync($"{reader.GetString(0)}  granted {reader.GetFieldValue<DateTimeOffset>(1):u} by {reader.GetString(2)}");
                    }
                }

                return 0;
            case ["grant" or "revoke", var email]:
                var grant = command[0] == "grant";
                var by = $"{Environment.UserName}@{Environment.MachineName}";
                await using (var change = new NpgsqlCommand(grant
                    ? "INSERT INTO platform_operators (account_id, granted_by) SELECT id, $2 FROM accounts WHERE email_normalized = $1 AND status = 'active' ON CONFLICT DO NOTHING RETURNING account_id"
                    : "DELETE FROM platform_operators WHERE account_id = (SELECT id FROM accounts WHERE email_normalized = $1) RETURNING account_id", connection))
                {
                    change.Parameters.AddWithValue(EmailAddress.Normalize(email));
                    change.Parameters.AddWithValue(by);
                    if (await change.ExecuteScalarAsync() is not Guid account)
                    {
                        await output.WriteLineAsync(grant ? $"no active account {email} that is not an operator already" : $"{email} is not an operator");
                        return 1;
                    }

                    await audit.WriteAsync(new SecurityEvent(
                        grant ? SecurityEventType.PlatformOperatorGranted : SecurityEventType.PlatformOperatorRevoked, SecurityOutcome.Success,
                        AccountId: account, Metadata: new Dictionary<string, string> { ["by"] = by }));
                    await output.WriteLineAsync(grant ? $"{email} is now a platform operator" : $"{email} is no longer a platform operator");
                    return 0;
                }

            default:
                await output.WriteLineAsync("usage: operators list | operators grant EMAIL | operators revoke EMAIL");
                return 2;
        }
    }
}
