using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Invites;

/// <summary>
/// Where an invitation's link opens: a signed-out person is sent to sign in (or sign up) and brought back; a signed-in
/// one accepts with one button (<c>POST /v1/invites/{token}/accept</c>). The page names no workspace or role: only
/// accepting proves the invite is for this account, so before that it tells a wrong account nothing; a refusal is
/// the API's one answer for every unusable invite, shown in words.
/// </summary>
public sealed class AcceptModel(IGrainFactory grains) : PageModel
{
    public string Token { get; private set; } = "";

    public string Email { get; private set; } = "";

    /// <summary>The workspace the token names (its first part), opened after accepting; the token holder knows it already.</summary>
    public string Next { get; private set; } = "/workspaces";

    public async Task<IActionResult> OnGetAsync(string token)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        Token = token;
        if (token.Length > 37 && token.StartsWith("inv_", StringComparison.Ordinal) && Guid.TryParseExact(token.AsSpan(4, 32), "N", out var workspace))
        {
            Next = $"/workspaces/{workspace}";
        }

        Email = (await grains.GetGrain<IAccountGrain>(accountId).GetProfileAsync())?.Email ?? "";
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
