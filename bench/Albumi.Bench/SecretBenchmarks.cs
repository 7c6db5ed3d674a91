using System.Security.Cryptography;
using Albumi.Grains.Security;
using Albumi.Web.Auth;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;

namespace Albumi.Bench;

/// <summary>
/// Field encryption of a 64-byte secret and TOTP verification, against one SHA-256 of the same 64 bytes (baseline);
/// and the password check that dominates a sign-in, to see what TOTP adds to it.
/// </summary>
[MemoryDiagnoser]
public class SecretBenchmarks
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(64);
    private readonly byte[] _row = Guid.NewGuid().ToByteArray();
    private readonly byte[] _totpSeed = RandomNumberGenerator.GetBytes(Totp.SecretBytes);
    private readonly PasswordHasher<PasswordAccount> _hasher = new();
    private KeyRing _ring = null!;
    private byte[] _ciphertext = null!;
    private string _code = null!;
    private DateTimeOffset _now;
    private string _passwordHash = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ring = new KeyRing(new Dictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) });
        _ciphertext = _ring.Encrypt(_secret, _row);
        _now = DateTimeOffset.UtcNow;
        _code = Totp.Compute(_totpSeed, Totp.StepAt(_now));
        _passwordHash = _hasher.HashPassword(new PasswordAccount(), "correct horse battery staple");
    }

    [Benchmark(Baseline = true, Description = "SHA-256 of 64 bytes")]
    public byte[] Sha256() => SHA256.HashData(_secret);

    [Benchmark(Description = "encrypt 64-byte secret (AES-256-GCM)")]
    public byte[] Encrypt() => _ring.Encrypt(_secret, _row);

    [Benchmark(Description = "decrypt 64-byte secret (AES-256-GCM)")]
    public byte[] Decrypt() => _ring.Decrypt(_ciphertext, _row);

    [Benchmark(Description = "TOTP verify (3 steps)")]
    public long? VerifyTotp() => Totp.Verify(_totpSeed, _code, _now);

    [Benchmark(Description = "password verify (sign-in's main cost)")]
    public PasswordVerificationResult VerifyPassword() => _hasher.VerifyHashedPassword(new PasswordAccount(), _passwordHash, "correct horse battery staple");
}
