using System.Diagnostics;
using System.Text;
using Albumi.Grains.Security;
using Albumi.Tests.Identity.Oidc;

namespace Albumi.Tests.Mfa;

public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void TheRfc6238Sha1TestVectorsHold(long unixTime, string expected)
        => Assert.Equal(expected, Totp.Compute(RfcSecret, unixTime / Totp.StepSeconds, digits: 8));

    [Fact]
    public async Task CodesFromAnIndependentImplementationAreAccepted()
    {
        for (var i = 0; i < 5; i++)
        {
            var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Totp.SecretBytes);
            var time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + (i * 7919));
            var theirs = await OtplibAsync(Base32.Encode(secret), time.ToUnixTimeSeconds());

            Assert.Equal(Totp.Compute(secret, Totp.StepAt(time)), theirs);
            Assert.Equal(Totp.StepAt(time), Totp.Verify(secret, theirs, time));
        }
    }

    [Fact]
    public void OneStepOfDriftIsAcceptedAndTwoAreNot()
    {
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Totp.SecretBytes);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        var step = Totp.StepAt(now);

        Assert.Equal(step - 1, Totp.Verify(secret, Totp.Compute(secret, step - 1), now));
        Assert.Equal(step + 1, Totp.Verify(secret, Totp.Compute(secret, step + 1), now));
        Assert.Null(Totp.Verify(secret, Totp.Compute(secret, step - 2), now));
        Assert.Null(Totp.Verify(secret, Totp.Compute(secret, step + 2), now));
        Assert.Null(Totp.Verify(secret, "12345", now));
        Assert.Null(Totp.Verify(secret, "abcdef", now));
    }

    [Fact]
    public void Base32RoundTripsAndMatchesRfc4648()
    {
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.Encode(RfcSecret));
        Assert.Equal(RfcSecret, Base32.Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        Assert.Equal("MZXW6YTBOI", Base32.Encode("foobar"u8));
    }

    private static async Task<string> OtplibAsync(string secret, long unixSeconds)
    {
        var folder = Path.Combine(OidcProviderFixture.RepositoryRoot(), "tests", "node");
        await OidcProviderFixture.InstallAsync(folder);
        var startInfo = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("totp.mjs");
        startInfo.ArgumentList.Add(secret);
        startInfo.ArgumentList.Add(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return output.Trim();
    }
}
