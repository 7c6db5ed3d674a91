using System.Security.Cryptography;
using Albumi.Grains.Limits;
using Albumi.Grains.Persistence;
using Albumi.Grains.Security;
using Albumi.Grains.Time;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Albumi.Grains.Mfa;

/// <summary>
/// TOTP second factors: enrolment confirmed by a valid code, verification with replay protection shared by all nodes
/// (a code's step must exceed the last accepted one, raised atomically), and ten single-use recovery codes stored under a
/// keyed hash (<see cref="RecoveryCodeHasher"/>).
/// The seed is stored encrypted under the key ring, bound to its account. Every check of a code counts against the
/// account's one second-factor limit, held by the cluster (<see cref="IRateLimitGrain"/>), whichever endpoint sent it.
/// </summary>
public sealed class TotpService(AlbumiDataSources dataSources, KeyRingStore keys, RecoveryCodeHasher recoveryCodes, AlbumiClock clock, IGrainFactory grains, IOptions<AuthLimitOptions> limits)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "Albumi";

    public async Task<TotpEnrollment?> BeginAsync(Guid accountId, string email)
    {
        if (await IsEnabledAsync(accountId))
        {
            return null;
        }

        var secret = RandomNumberGenerator.GetBytes(Totp.SecretBytes);
        var ring = await keys.GetAsync();
        await using var upsert = dataSources.App.CreateCommand("""
            INSERT INTO account_totp (account_id, secret, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0
            WHERE account_totp.confirmed_at IS NULL
            """);
        upsert.Parameters.AddWithValue(accountId);
        upsert.Parameters.AddWithValue(ring.Encrypt(secret, EncryptedColumns.TotpSeed(accountId)));
        upsert.Parameters.AddWithValue(clock.GetUtcNow());
        if (await upsert.ExecuteNonQueryAsync() == 0)
        {
            return null;
        }

        var text = Base32.Encode(secret);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={text}&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period={Totp.StepSeconds}";
        return new TotpEnrollment(text, uri);
    }

    /// <summary>Turns 2FA on when the code is valid for the pending secret; returns the recovery codes (shown once).</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(Guid accountId, string? code)
    {
        if (await CheckCodeAsync(accountId, confirmed: false, code) is not { Step: { } step })
        {
            return null;
        }

        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var confirm = new NpgsqlCommand(
            "UPDATE account_totp SET confirmed_at = $2, last_step = $3 WHERE account_id = $1 AND confirmed_at IS NULL", connection, transaction))
        {
            confirm.Parameters.AddWithValue(accountId);
            confirm.Parameters.AddWithValue(clock.GetUtcNow());
            confirm.Parameters.AddWithValue(step);
            if (await confirm.ExecuteNonQueryAsync() == 0)
            {
                return null;
            }
        }

        var codes = await ReplaceRecoveryCodesAsync(connection, transaction, accountId);
        await transaction.CommitAsync();
        return codes;
    }

    public async Task<bool> IsEnabledAsync(Guid accountId) => await EnabledSinceAsync(accountId) is not null;

    /// <summary>When two-factor authentication was turned on, or null when it is off. Read through, never cached.</summary>
    public async Task<DateTimeOffset?> EnabledSinceAsync(Guid accountId)
    {
        await using var query = dataSources.App.CreateCommand("SELECT confirmed_at FROM account_totp WHERE account_id = $1 AND confirmed_at IS NOT NULL");
        query.Parameters.AddWithValue(accountId);
        await using var reader = await query.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    /// <summary>
    /// Checks a current TOTP code or an unused recovery code; an accepted one is never accepted again. Past the account's
    /// limit the code is not looked at and the check is <see cref="SecondFactorCheck.Limited"/>.
    /// </summary>
    public async Task<SecondFactorCheck> VerifyAsync(Guid accountId, string? code)
    {
        // The permit is taken before the code is looked at, so concurrent guesses cannot pass the limit; a right code
        // gives it back: only wrong codes use the limit up, and a person who signs in and steps up is never limited.
        var limiter = grains.GetGrain<IRateLimitGrain>(RateLimitKeys.SecondFactor(accountId));
        var limit = await limiter.AcquireAsync(limits.Value.SecondFactorPerAccount);
        if (!limit.Granted)
        {
            return SecondFactorCheck.Blocked(limit);
        }

        var check = await CheckAsync(accountId, code);
        if (check.Accepted)
        {
            await limiter.ReturnAsync();
        }

        return check;
    }

    private async Task<SecondFactorCheck> CheckAsync(Guid accountId, string? code)
    {
        var normalized = code?.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        if (normalized is { Length: 6 } && normalized.All(char.IsAsciiDigit))
        {
            var check = await CheckCodeAsync(accountId, confirmed: true, normalized);
            if (!check.Enrolled)
            {
                return SecondFactorCheck.Refused("two-factor authentication is not on");
            }

            if (check.Step is not { } step)
            {
                return SecondFactorCheck.Refused("wrong code");
            }

            await using var use = dataSources.App.CreateCommand(
                "UPDATE account_totp SET last_step = $2 WHERE account_id = $1 AND confirmed_at IS NOT NULL AND last_step < $2");
            use.Parameters.AddWithValue(accountId);
            use.Parameters.AddWithValue(step);
            return await use.ExecuteNonQueryAsync() == 1 ? new SecondFactorCheck(true, "totp", null, null) : SecondFactorCheck.Refused("replayed code");
        }

        if (normalized is { Length: 10 })
        {
            await using var connection = await dataSources.App.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var use = new NpgsqlCommand(
                "UPDATE account_recovery_codes SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND keyed AND used_at IS NULL", connection, transaction))
            {
                use.Parameters.AddWithValue(accountId);
                use.Parameters.AddWithValue(recoveryCodes.Hash(accountId, normalized));
                use.Parameters.AddWithValue(clock.GetUtcNow());
                if (await use.ExecuteNonQueryAsync() == 0)
                {
                    return SecondFactorCheck.Refused("unknown or used recovery code");
                }
            }

            await using var left = new NpgsqlCommand("SELECT count(*) FROM account_recovery_codes WHERE account_id = $1 AND used_at IS NULL", connection, transaction);
            left.Parameters.AddWithValue(accountId);
            var remaining = (int)(long)(await left.ExecuteScalarAsync())!;
            await transaction.CommitAsync();
            return new SecondFactorCheck(true, "recovery-code", remaining, null);
        }

        return SecondFactorCheck.Refused("malformed code");
    }

    public async Task DisableAsync(Guid accountId)
    {
        await using var batch = dataSources.App.CreateBatch();
        foreach (var table in new[] { "account_recovery_codes", "account_totp" })
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE account_id = $1");
            delete.Parameters.AddWithValue(accountId);
            batch.BatchCommands.Add(delete);
        }

        await batch.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(Guid accountId)
    {
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var codes = await ReplaceRecoveryCodesAsync(connection, transaction, accountId);
        await transaction.CommitAsync();
        return codes;
    }

    /// <summary>Whether a (pending or confirmed) seed is stored, and the step the code is valid for under it.</summary>
    private async Task<(bool Enrolled, long? Step)> CheckCodeAsync(Guid accountId, bool confirmed, string? code)
    {
        await using var query = dataSources.App.CreateCommand(
            $"SELECT secret FROM account_totp WHERE account_id = $1 AND confirmed_at IS {(confirmed ? "NOT NULL" : "NULL")}");
        query.Parameters.AddWithValue(accountId);
        return await query.ExecuteScalarAsync() is byte[] ciphertext
            ? (true, VerifyUnderSeed(await keys.GetAsync(), ciphertext, accountId, code))
            : (false, null);
    }

    // The seed is decrypted onto the stack and cleared after use, so no copy of it is left on the heap for the GC.
    private long? VerifyUnderSeed(KeyRing ring, byte[] ciphertext, Guid accountId, string? code)
    {
        const int MaxSeedBytes = 64;
        if (KeyRing.PlaintextLength(ciphertext) > MaxSeedBytes)
        {
            throw new FieldDecryptionException("The stored TOTP seed is longer than any seed Albumi writes.");
        }

        Span<byte> seed = stackalloc byte[MaxSeedBytes];
        try
        {
            var length = ring.Decrypt(ciphertext, EncryptedColumns.TotpSeed(accountId), seed);
            return Totp.Verify(seed[..length], code, clock.GetUtcNow());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId)
    {
        await using (var clear = new NpgsqlCommand("DELETE FROM account_recovery_codes WHERE account_id = $1", connection, transaction))
        {
            clear.Parameters.AddWithValue(accountId);
            await clear.ExecuteNonQueryAsync();
        }

        var codes = new List<string>(RecoveryCodeCount);
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            var raw = Base32.Encode(RandomNumberGenerator.GetBytes(7))[..10];
            codes.Add($"{raw[..5]}-{raw[5..]}");
            await using var insert = new NpgsqlCommand("INSERT INTO account_recovery_codes (account_id, code_hash, created_at, keyed) VALUES ($1, $2, $3, true)", connection, transaction);
            insert.Parameters.AddWithValue(accountId);
            insert.Parameters.AddWithValue(recoveryCodes.Hash(accountId, raw));
            insert.Parameters.AddWithValue(clock.GetUtcNow());
            await insert.ExecuteNonQueryAsync();
        }

        return codes;
    }
}
