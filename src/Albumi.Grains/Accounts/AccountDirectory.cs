using Albumi.Grains.Persistence;

namespace Albumi.Grains.Accounts;

/// <summary>Finds accounts by what a sign-in presents: an email, or a provider's subject.</summary>
public sealed class AccountDirectory(AlbumiDataSources dataSources)
{
    /// <summary>The account with this email (case-insensitive) and what a password sign-in needs to check.</summary>
    public async Task<AccountCredentials?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var command = dataSources.App.CreateCommand("SELECT id, password_hash, status FROM accounts WHERE email_normalized = $1");
        command.Parameters.AddWithValue(EmailAddress.Normalize(email));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AccountCredentials(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), AccountStatuses.Parse(reader.GetString(2)))
            : null;
    }

    /// <summary>The account a provider's subject is linked to.</summary>
    public async Task<Guid?> FindByLoginAsync(string provider, string subject, CancellationToken cancellationToken = default)
    {
        await using var command = dataSources.App.CreateCommand("SELECT account_id FROM account_logins WHERE provider = $1 AND subject = $2");
        command.Parameters.AddWithValue(provider);
        command.Parameters.AddWithValue(subject);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }
}

/// <summary>An account as a password sign-in sees it.</summary>
public sealed record AccountCredentials(Guid AccountId, string? PasswordHash, AccountStatus Status);
