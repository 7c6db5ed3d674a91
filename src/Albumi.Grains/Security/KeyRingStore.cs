using System.Buffers.Binary;
using System.Security.Cryptography;
using Albumi.Grains.Persistence;

namespace Albumi.Grains.Security;

/// <summary>
/// The key ring as stored: data keys in <c>encryption_keys</c>, each wrapped (AES-256-GCM) by the master key. Loaded
/// once per node; the first node to need a ring creates version 1.
/// </summary>
public sealed class KeyRingStore(AlbumiDataSources dataSources, MasterKeySource masterKey, TimeProvider timeProvider)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private KeyRing? _ring;

    public async Task<KeyRing> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_ring is { } ring)
        {
            return ring;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _ring ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<KeyRing> LoadAsync(CancellationToken cancellationToken)
    {
        var master = new KeyRing(new Dictionary<int, byte[]> { [1] = masterKey.Read() });
        var keys = await ReadAsync(master, cancellationToken);
        if (keys.Count == 0)
        {
            await using var insert = dataSources.App.CreateCommand(
                "INSERT INTO encryption_keys (version, wrapped_key, created_at) VALUES (1, $1, $2) ON CONFLICT (version) DO NOTHING");
            insert.Parameters.AddWithValue(master.Encrypt(RandomNumberGenerator.GetBytes(32), WrapIdentity(1)));
            insert.Parameters.AddWithValue(timeProvider.GetUtcNow());
            await insert.ExecuteNonQueryAsync(cancellationToken);
            keys = await ReadAsync(master, cancellationToken);
        }

        return new KeyRing(keys);
    }

    private async Task<Dictionary<int, byte[]>> ReadAsync(KeyRing master, CancellationToken cancellationToken)
    {
        await using var read = dataSources.App.CreateCommand("SELECT version, wrapped_key FROM encryption_keys WHERE retired_at IS NULL");
        var keys = new Dictionary<int, byte[]>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.GetInt32(0);
            keys[version] = master.Decrypt(reader.GetFieldValue<byte[]>(1), WrapIdentity(version));
        }

        return keys;
    }

    private static byte[] WrapIdentity(int version)
    {
        var identity = new byte[4 + 16];
        BinaryPrimitives.WriteInt32BigEndian(identity, version);
        "albumi-data-key"u8.CopyTo(identity.AsSpan(4));
        return identity;
    }
}
