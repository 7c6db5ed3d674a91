using System.Security.Cryptography;
using Albumi.Grains.Security;

namespace Albumi.Tests.Mfa;

public sealed class KeyRingTests
{
    private static readonly KeyRing Ring = new(new Dictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32), [2] = RandomNumberGenerator.GetBytes(32) });

    [Fact]
    public void ASecretRoundTripsUnderTheNewestKey()
    {
        var row = Guid.NewGuid().ToByteArray();
        var secret = RandomNumberGenerator.GetBytes(64);

        var ciphertext = Ring.Encrypt(secret, row);

        Assert.Equal(2, KeyRing.VersionOf(ciphertext));
        Assert.Equal(secret, Ring.Decrypt(ciphertext, row));
        Assert.NotEqual(ciphertext, Ring.Encrypt(secret, row));
    }

    [Fact]
    public void ASecretDecryptsIntoTheCallersBufferAndAFailedOneLeavesNothingThere()
    {
        var row = Guid.NewGuid().ToByteArray();
        var secret = RandomNumberGenerator.GetBytes(64);
        var ciphertext = Ring.Encrypt(secret, row);
        var buffer = new byte[80];

        Assert.Equal(64, Ring.Decrypt(ciphertext, row, buffer));
        Assert.Equal(secret, buffer[..64]);

        var tampered = (byte[])ciphertext.Clone();
        tampered[^1] ^= 1;
        Assert.Throws<FieldDecryptionException>(() => Ring.Decrypt(tampered, row, buffer));
        Assert.All(buffer[..64], b => Assert.Equal(0, b));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ring.Decrypt(ciphertext, row, new byte[63]));
    }

    [Fact]
    public void ASecretEncryptsIntoTheCallersBufferWithAFreshNonceEachTime()
    {
        var row = Guid.NewGuid().ToByteArray();
        var secret = RandomNumberGenerator.GetBytes(64);
        var first = new byte[KeyRing.CiphertextLength(secret.Length) + 8];
        var second = new byte[KeyRing.CiphertextLength(secret.Length)];

        var written = Ring.Encrypt(secret, row, first);
        Ring.Encrypt(secret, row, second);

        Assert.Equal(KeyRing.CiphertextLength(64), written);
        Assert.Equal(2, KeyRing.VersionOf(first));
        Assert.Equal(secret, Ring.Decrypt(first.AsSpan(0, written), row));
        Assert.Equal(secret, Ring.Decrypt(second, row));
        Assert.False(first.AsSpan(4, 12).SequenceEqual(second.AsSpan(4, 12)));
        Assert.All(first[written..], b => Assert.Equal(0, b));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ring.Encrypt(secret, row, new byte[KeyRing.CiphertextLength(64) - 1]));
    }

    [Fact]
    public void AReencryptedSecretIsTheSameSecretUnderTheNewestKey()
    {
        var row = Guid.NewGuid().ToByteArray();
        var secret = RandomNumberGenerator.GetBytes(300);
        var first = RandomNumberGenerator.GetBytes(32);
        var older = new KeyRing(new Dictionary<int, byte[]> { [1] = first }).Encrypt(secret, row);
        var rotated = new KeyRing(new Dictionary<int, byte[]> { [1] = first, [2] = RandomNumberGenerator.GetBytes(32) });

        var rewritten = rotated.Reencrypt(older, row);

        Assert.Equal(1, KeyRing.VersionOf(older));
        Assert.Equal(2, KeyRing.VersionOf(rewritten));
        Assert.Equal(secret, rotated.Decrypt(rewritten, row));
    }

    [Fact]
    public async Task NoTwoEncryptionsShareANonceAcrossThreadsAndRefills()
    {
        // Nonces are drawn from per-thread blocks of random bytes: more encryptions than a block holds, on several threads.
        const int PerThread = 2_000;
        var nonces = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, PerThread).Select(_ => Convert.ToHexString(Ring.Encrypt([1, 2, 3], [9]).AsSpan(4, 12))).ToList())));

        var all = nonces.SelectMany(n => n).ToList();
        Assert.Equal(4 * PerThread, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ACiphertextMovedToAnotherRowFailsWithAClearError()
    {
        var ciphertext = Ring.Encrypt(RandomNumberGenerator.GetBytes(20), Guid.NewGuid().ToByteArray());

        var refused = Assert.Throws<FieldDecryptionException>(() => Ring.Decrypt(ciphertext, Guid.NewGuid().ToByteArray()));

        Assert.Contains("another row", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyFlippedBitFailsToDecrypt()
    {
        var row = Guid.NewGuid().ToByteArray();
        var ciphertext = Ring.Encrypt(RandomNumberGenerator.GetBytes(20), row);
        for (var bit = 32; bit < ciphertext.Length * 8; bit += 7)
        {
            var tampered = (byte[])ciphertext.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<FieldDecryptionException>(() => Ring.Decrypt(tampered, row));
        }
    }

    [Fact]
    public void ACiphertextUnderAKeyTheRingLacksNamesThatVersion()
    {
        var row = Guid.NewGuid().ToByteArray();
        var ciphertext = Ring.Encrypt(RandomNumberGenerator.GetBytes(20), row);
        var older = new KeyRing(new Dictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) });

        var refused = Assert.Throws<FieldDecryptionException>(() => older.Decrypt(ciphertext, row));

        Assert.Contains("version 2", refused.Message, StringComparison.Ordinal);
    }
}
