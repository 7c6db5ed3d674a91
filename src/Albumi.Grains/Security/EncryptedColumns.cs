using System.Buffers.Binary;

namespace Albumi.Grains.Security;

/// <summary>
/// Every column Albumi encrypts, and the associated data that binds each ciphertext to its row. The key ring grain
/// re-encrypts exactly these after a rotation; a new encrypted column is added here and there.
/// </summary>
public static class EncryptedColumns
{
    /// <summary><c>account_totp.secret</c>, bound to <c>account_id</c>.</summary>
    public static byte[] TotpSeed(Guid accountId) => accountId.ToByteArray();

    /// <summary><c>data_protection_keys.element</c>, bound to <c>id</c>.</summary>
    public static byte[] DataProtectionKey(long id)
    {
        var identity = new byte[8 + 3];
        BinaryPrimitives.WriteInt64BigEndian(identity, id);
        "dpk"u8.CopyTo(identity.AsSpan(8));
        return identity;
    }
}
