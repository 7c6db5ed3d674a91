using System.Text.RegularExpressions;
using Albumi.Grains.Security;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>A person setting up two-factor on /account/security as they would: the key read from the page, codes from their "app".</summary>
public static class SecurityPage
{
    /// <summary>
    /// From the security page with two-factor off: starts the set-up, reads the key shown for manual entry, confirms with
    /// a code at <paramref name="clock"/>'s time, and returns the key and the recovery codes the page shows once.
    /// </summary>
    public static async Task<(string Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(IPage page, TimeProvider clock, Func<Task>? whileShowingTheQrCode = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" }).ClickAsync();
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR code to add Albumi to your authenticator app" });
        await Assertions.Expect(qr).ToBeVisibleAsync();
        await Assertions.Expect(qr).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR code did not load under the page's CSP");
        var secret = (await page.Locator("#enrolment-secret").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z2-7]{16,}$", secret);
        if (whileShowingTheQrCode is not null)
        {
            await whileShowingTheQrCode();
        }

        await page.GetByLabel("Code from the app").FillAsync(Code(secret, clock));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        var codes = page.Locator("#recovery-code-list");
        await Assertions.Expect(codes).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#enrolment")).ToBeHiddenAsync();
        var list = (await codes.TextContentAsync())!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(10, list.Length);
        return (secret, list);
    }

    /// <summary>The code an authenticator app shows for <paramref name="secret"/> at <paramref name="clock"/>'s time.</summary>
    public static string Code(string secret, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Totp.Compute(Base32.Decode(secret), Totp.StepAt(clock.GetUtcNow()));
    }
}
