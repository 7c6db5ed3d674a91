using System.Buffers.Binary;
using System.Security.Cryptography;
using Albumi.Grains.Persistence;

namespace Albumi.Grains.Security;

/// <summary>
/// The node's key ring: the data keys unwrapped here with the master key, checked against the key ring grain's live
/// versions on every use (a grain call that carries only numbers), so a rotation or a retirement holds on every node
/// for the next use after it returned, and no key crosses the network.
/// </summary>
public sealed class KeyRingStore(IGrainFactory grains, AlbumiDataSources dataSources, MasterKeySource masterKey)
{
    private readonly Lazy<KeyRing> _master = new(() => new KeyRing(new Dictionary<int, byte[]> { [1] = masterKey.Read() }));
    private volatile KeyRing? _cached;

    public async Task<KeyRing> GetAsync(CancellationToken cancellationToken = default)
    {
        var versions = await grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key).GetVersionsAsync().WaitAsync(cancellationToken);
        if (_cached is { } cached && cached.CurrentVersion == versions.Current && cached.Versions.Order().SequenceEqual(versions.Live))
        {
            return cached;
        }

        var loaded = await LoadAsync(cancellationToken);
        _cached = loaded;
        return loaded;
    }

    /// <summary>Reads and unwraps the live data keys from the database.</summary>
    internal async Task<KeyRing> LoadAsync(CancellationToken cancellationToken)
    {
        await using var read = dataSources.App.CreateCommand("SELECT version, wrapped_key FROM encryption_keys WHERE retired_at IS NULL");
        var keys = new Dictionary<int, byte[]>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.GetInt32(0);
            keys[version] = _master.Value.Decrypt(reader.GetFieldValue<byte[]>(1), WrapIdentity(version));
        }

        return new KeyRing(keys);
    }

    /// <summary>Adds data key <paramref name="version"/>, wrapped by the master key, unless it exists.</summary>
    internal async Task InsertKeyAsync(int version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = dataSources.App.CreateCommand(
            "INSERT INTO encryption_keys (version, wrapped_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING");
        insert.Parameters.AddWithValue(version);
        insert.Parameters.AddWithValue(_master.Value.Encrypt(RandomNumberGenerator.GetBytes(32), WrapIdentity(version)));
        insert.Parameters.AddWithValue(now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static byte[] WrapIdentity(int version)
    {
        var identity = new byte[4 + 15];
        BinaryPrimitives.WriteInt32BigEndian(identity, version);
        "albumi-data-key"u8.CopyTo(identity.AsSpan(4));
        return identity;
    }
}
