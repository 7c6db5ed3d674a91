using System.Security.Cryptography;

namespace Albumi.Grains.Sharing;

/// <summary>
/// Replaces internal UUIDs in a shared view: an HMAC of the id under the share's own random key, so an id is stable
/// for one share and unrelated between two shares; nothing about the internal id can be recovered from it.
/// </summary>
public sealed class PublicIds(byte[] key)
{
    public string For(Guid id)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, id.ToByteArray(bigEndian: true), mac);
        return "p_" + Convert.ToHexStringLower(mac[..6]);
    }
}
