using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Albumi.Web.Auth;

/// <summary>
/// A sign-in page post without script whose password was right for an account with two-factor on: the email and password
/// wait here, encrypted and authenticated by Data Protection for five minutes, in an HttpOnly, SameSite=Strict cookie
/// scoped to <c>/signin</c>, so that the page's next post (the code) can send the endpoint's rule all three together
/// as the script does. The password is never written into the page; the cookie alone signs nobody in (the rule checks
/// the password again and then wants a valid code), and it goes when the sign-in ends, a new password is typed, or the
/// password no longer matches. See docs/security/threat-model.md for why this and not a hidden field.
/// </summary>
public static class PendingSecondFactor
{
    public const string PlainName = "albumi_signin_pending";
    public const string SecureName = "__Secure-albumi_signin_pending";
    public const string CookiePath = "/signin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const string Purpose = "Albumi.SignIn.PendingSecondFactor.v1";

    public static void Keep(HttpContext context, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sealedText = Protector(context).Protect(JsonSerializer.Serialize(new Pending(email, password)), Lifetime);
        context.Response.Cookies.Append(NameFor(context.Request), sealedText, Options(context.Request));
    }

    /// <summary>The waiting password when it was kept for <paramref name="email"/> and has not expired; null otherwise.</summary>
    public static string? PasswordFor(HttpContext context, string? email)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(email) || context.Request.Cookies[NameFor(context.Request)] is not { Length: > 0 } raw)
        {
            return null;
        }

        try
        {
            var pending = JsonSerializer.Deserialize<Pending>(Protector(context).Unprotect(raw, out _));
            return pending is not null && string.Equals(pending.Email, email, StringComparison.OrdinalIgnoreCase) ? pending.Password : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public static void Forget(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.ContainsKey(NameFor(context.Request)))
        {
            context.Response.Cookies.Delete(NameFor(context.Request), Options(context.Request));
        }
    }

    private static string NameFor(HttpRequest request) => SessionCookie.IsSecure(request) ? SecureName : PlainName;

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        Secure = SessionCookie.IsSecure(request),
        SameSite = SameSiteMode.Strict,
        Path = CookiePath,
        MaxAge = Lifetime,
        IsEssential = true,
    };

    private static ITimeLimitedDataProtector Protector(HttpContext context)
        => context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();

    private sealed record Pending(string Email, string Password)
    {
        public override string ToString() => $"Pending {{ Email = {Email}, Password = (hidden) }}";
    }
}
