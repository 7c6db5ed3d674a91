using System.Buffers.Binary;
using System.Security.Cryptography;
using Albumi.Grains.Security;
using Albumi.Web.Auth;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Identity;

namespace Albumi.Bench;

/// <summary>
/// Field encryption and decryption of a 64-byte secret (each both into the caller's buffer, as the bare call, and into a new array) and TOTP verification, each against the bare primitive on the same input
/// (baseline of its category): <see cref="AesGcm"/> on preallocated buffers with its key already expanded, and the three
/// HMAC-SHA1 computations a verification needs. And the password check that dominates a sign-in, for scale.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SecretBenchmarks
{
    private const int TagSize = 16;
    private const int NonceSize = 12;
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(64);
    private readonly byte[] _row = Guid.NewGuid().ToByteArray();
    private readonly byte[] _totpSeed = RandomNumberGenerator.GetBytes(Totp.SecretBytes);
    private readonly PasswordHasher<PasswordAccount> _hasher = new();
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(NonceSize);
    private readonly byte[] _bareCiphertext = new byte[64];
    private readonly byte[] _bareTag = new byte[TagSize];
    private readonly byte[] _bareDecrypted = new byte[64];
    private readonly byte[] _bareAssociatedData = new byte[20];
    private readonly byte[] _decrypted = new byte[64];
    private readonly byte[] _encrypted = new byte[KeyRing.CiphertextLength(64)];
    private AesGcm _bare = null!;
    private KeyRing _ring = null!;
    private byte[] _ciphertext = null!;
    private string _code = null!;
    private DateTimeOffset _now;
    private string _passwordHash = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        _ring = new KeyRing(new Dictionary<int, byte[]> { [1] = key });
        _bare = new AesGcm(key, TagSize);
        _ciphertext = _ring.Encrypt(_secret, _row);
        _bare.Encrypt(_nonce, _secret, _bareCiphertext, _bareTag, _bareAssociatedData);
        _now = DateTimeOffset.UtcNow;
        _code = Totp.Compute(_totpSeed, Totp.StepAt(_now));
        _passwordHash = _hasher.HashPassword(new PasswordAccount(), "correct horse battery staple");
    }

    [GlobalCleanup]
    public void Cleanup() => _bare.Dispose();

    [BenchmarkCategory("encrypt 64 B"), Benchmark(Baseline = true, Description = "bare AesGcm.Encrypt")]
    public byte[] BareEncrypt()
    {
        _bare.Encrypt(_nonce, _secret, _bareCiphertext, _bareTag, _bareAssociatedData);
        return _bareCiphertext;
    }

    [BenchmarkCategory("encrypt 64 B"), Benchmark(Description = "KeyRing.Encrypt into a buffer (fresh nonce)")]
    public byte[] EncryptIntoBuffer()
    {
        _ring.Encrypt(_secret, _row, _encrypted);
        return _encrypted;
    }

    [BenchmarkCategory("encrypt 64 B"), Benchmark(Description = "KeyRing.Encrypt (fresh nonce, new array)")]
    public byte[] Encrypt() => _ring.Encrypt(_secret, _row);

    [BenchmarkCategory("decrypt 64 B"), Benchmark(Baseline = true, Description = "bare AesGcm.Decrypt")]
    public byte[] BareDecrypt()
    {
        _bare.Decrypt(_nonce, _bareCiphertext, _bareTag, _bareDecrypted, _bareAssociatedData);
        return _bareDecrypted;
    }

    [BenchmarkCategory("decrypt 64 B"), Benchmark(Description = "KeyRing.Decrypt into a buffer")]
    public byte[] DecryptIntoBuffer()
    {
        _ring.Decrypt(_ciphertext, _row, _decrypted);
        return _decrypted;
    }

    [BenchmarkCategory("decrypt 64 B"), Benchmark(Description = "KeyRing.Decrypt (new array)")]
    public byte[] Decrypt() => _ring.Decrypt(_ciphertext, _row);

    [BenchmarkCategory("TOTP"), Benchmark(Baseline = true, Description = "bare HMAC-SHA1 × 3")]
    public int BareTotpHmacs()
    {
        Span<byte> counter = stackalloc byte[8];
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        var sum = 0;
        var step = Totp.StepAt(_now);
        for (var s = step - 1; s <= step + 1; s++)
        {
            BinaryPrimitives.WriteInt64BigEndian(counter, s);
            HMACSHA1.HashData(_totpSeed, counter, hash);
            sum += hash[19];
        }

        return sum;
    }

    [BenchmarkCategory("TOTP"), Benchmark(Description = "Totp.Verify (3 steps)")]
    public long? VerifyTotp() => Totp.Verify(_totpSeed, _code, _now);

    [BenchmarkCategory("sign-in"), Benchmark(Description = "password verify (sign-in's main cost)")]
    public PasswordVerificationResult VerifyPassword() => _hasher.VerifyHashedPassword(new PasswordAccount(), _passwordHash, "correct horse battery staple");
}
