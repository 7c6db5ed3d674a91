using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Albumi.Grains.Security;

/// <summary>
/// AES-256-GCM field encryption under versioned data keys. A ciphertext is <c>version (4) | nonce (12) | tag (16) |
/// ciphertext</c>; the associated data is the caller's row identity plus the version, so a ciphertext moved to another
/// row, or with any bit flipped, fails to decrypt. New ciphertexts use the current (newest) version.
/// </summary>
public sealed class KeyRing
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 4 + NonceSize + TagSize;

    // Row identities are ids (16 bytes) or short composites; the associated data is built on the stack.
    private const int MaxRowIdentity = 256;
    private readonly IReadOnlyDictionary<int, byte[]> _keys;

    // An AesGcm holds the expanded key; building one per call costs more than the encryption. Instances are not
    // thread-safe, so each thread keeps its own per key version.
    private readonly ThreadLocal<Dictionary<int, AesGcm>> _ciphers = new(() => [], trackAllValues: false);

    public KeyRing(IReadOnlyDictionary<int, byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0 || keys.Values.Any(k => k.Length != 32))
        {
            throw new ArgumentException("A key ring needs at least one 256-bit key.", nameof(keys));
        }

        _keys = keys;
        CurrentVersion = keys.Keys.Max();
    }

    public int CurrentVersion { get; }

    public IEnumerable<int> Versions => _keys.Keys;

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> rowIdentity)
    {
        var output = new byte[CiphertextLength(plaintext.Length)];
        Encrypt(plaintext, rowIdentity, output);
        return output;
    }

    /// <summary>
    /// Encrypts into the caller's buffer (at least <see cref="CiphertextLength"/> bytes) under the current version with a
    /// fresh nonce; returns the bytes written.
    /// </summary>
    public int Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> rowIdentity, Span<byte> ciphertext)
    {
        var length = CiphertextLength(plaintext.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(ciphertext.Length, length, nameof(ciphertext));
        var version = CurrentVersion;
        BinaryPrimitives.WriteInt32BigEndian(ciphertext, version);
        var nonce = ciphertext.Slice(4, NonceSize);
        RandomNonces.Fill(nonce);
        Span<byte> associatedData = stackalloc byte[AssociatedDataSize(rowIdentity)];
        WriteAssociatedData(associatedData, rowIdentity, version);
        Cipher(version).Encrypt(nonce, plaintext, ciphertext[HeaderSize..length], ciphertext.Slice(4 + NonceSize, TagSize), associatedData);
        return length;
    }

    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> rowIdentity)
    {
        var plaintext = new byte[PlaintextLength(ciphertext)];
        Decrypt(ciphertext, rowIdentity, plaintext);
        return plaintext;
    }

    /// <summary>
    /// Decrypts into the caller's buffer (at least <see cref="PlaintextLength"/> bytes), so a plaintext used only for a
    /// moment never lands on the heap; returns the bytes written. On any failure the buffer holds no plaintext.
    /// </summary>
    public int Decrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> rowIdentity, Span<byte> plaintext)
    {
        if (ciphertext.Length < HeaderSize)
        {
            throw new FieldDecryptionException("The stored secret is truncated.");
        }

        var version = BinaryPrimitives.ReadInt32BigEndian(ciphertext);
        if (!_keys.ContainsKey(version))
        {
            throw new FieldDecryptionException($"The stored secret is under key version {version}, which this key ring does not hold.");
        }

        var length = PlaintextLength(ciphertext);
        ArgumentOutOfRangeException.ThrowIfLessThan(plaintext.Length, length, nameof(plaintext));
        Span<byte> associatedData = stackalloc byte[AssociatedDataSize(rowIdentity)];
        WriteAssociatedData(associatedData, rowIdentity, version);
        try
        {
            Cipher(version).Decrypt(ciphertext.Slice(4, NonceSize), ciphertext[HeaderSize..], ciphertext.Slice(4 + NonceSize, TagSize), plaintext[..length], associatedData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new FieldDecryptionException("The stored secret failed authentication: it was altered, or it belongs to another row.", e);
        }

        return length;
    }

    /// <summary>The same secret under the current key version; the plaintext only passes through a buffer cleared after.</summary>
    public byte[] Reencrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> rowIdentity)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(PlaintextLength(ciphertext));
        try
        {
            var length = Decrypt(ciphertext, rowIdentity, rented);
            return Encrypt(rented.AsSpan(0, length), rowIdentity);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented);
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The length of the ciphertext <see cref="Encrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> writes for a plaintext of this length.</summary>
    public static int CiphertextLength(int plaintextLength) => HeaderSize + plaintextLength;

    /// <summary>The length of the plaintext a ciphertext holds (0 when it is too short to hold any).</summary>
    public static int PlaintextLength(ReadOnlySpan<byte> ciphertext) => Math.Max(0, ciphertext.Length - HeaderSize);

    /// <summary>The key version a ciphertext names (for the rotation job).</summary>
    public static int VersionOf(ReadOnlySpan<byte> ciphertext) => BinaryPrimitives.ReadInt32BigEndian(ciphertext);

    private AesGcm Cipher(int version)
    {
        var ciphers = _ciphers.Value!;
        if (!ciphers.TryGetValue(version, out var cipher))
        {
            cipher = new AesGcm(_keys[version], TagSize);
            ciphers[version] = cipher;
        }

        return cipher;
    }

    private static int AssociatedDataSize(ReadOnlySpan<byte> rowIdentity)
        => rowIdentity.Length <= MaxRowIdentity ? rowIdentity.Length + 4 : throw new ArgumentException($"A row identity is at most {MaxRowIdentity} bytes.", nameof(rowIdentity));

    private static void WriteAssociatedData(Span<byte> data, ReadOnlySpan<byte> rowIdentity, int version)
    {
        rowIdentity.CopyTo(data);
        BinaryPrimitives.WriteInt32BigEndian(data[rowIdentity.Length..], version);
    }
}
