using System.Text.RegularExpressions;
using Albumi.Tests.Identity;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// The everyday forms with script turned off (a browser context with <c>JavaScriptEnabled = false</c>): each posts to
/// its page, which runs the API's own rule and answers 303 to where the script path goes, or the same page again with
/// the error at its field. The refusals the API makes (a viewer, another tenant's id, an invitation that is not yours)
/// hold through the page too, and a page post without the antiforgery token, or from another site, changes nothing.
/// </summary>
public sealed class WithoutScriptFormTests(WorkspaceSetup.SharedSession shared) : IClassFixture<WorkspaceSetup.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;

    [Fact]
    public async Task AWorkspaceIsCreatedWithoutScriptAndABlankNameIsRefusedAtItsField()
    {
        var withScript = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(withScript, "Nora No-Script");
        var page = await WithoutScript.SignedInAsAsync(_session, withScript);
        var json = PersonChecks.WatchForJson(page);
        await page.GotoAsync("/workspaces");

        await page.GetByLabel("Name").FillAsync("   ");
        Assert.Equal(400, await WithoutScript.SubmitAsync(page, "Create"));
        await Assertions.Expect(page.Locator("#name-error")).ToContainTextAsync("A name of 1 to 200 characters");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, page, "no-script-workspace-create-refused");

        await page.GetByLabel("Name").FillAsync("Quiet Orchard");
        Assert.Equal(303, await WithoutScript.SubmitAsync(page, "Create"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/workspaces\?created=[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Created Quiet Orchard.");
        await Assertions.Expect(page.Locator("ul.workspaces li", new() { HasText = "Quiet Orchard" }).Locator(".role")).ToHaveTextAsync("owner");
        Assert.Empty(json);

        // The page's post made by hand: without the antiforgery token, or from another site, nothing is created.
        var forged = await WithoutScript.PostFormAsync(_session, page, "/workspaces?handler=Create", new() { ["name"] = "Forged" }, withToken: false);
        Assert.Equal(400, forged.Status);
        var crossSite = await WithoutScript.PostFormAsync(_session, page, "/workspaces?handler=Create", new() { ["name"] = "Cross Site" }, withToken: true, origin: "https://evil.example");
        Assert.Equal(403, crossSite.Status);
        var names = (await (await withScript.Context.APIRequest.GetAsync("/v1/workspaces")).JsonAsync())!.Value.EnumerateArray()
            .Select(w => w.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Quiet Orchard"], names);
    }

    [Fact]
    public async Task AnInvitationIsAcceptedWithoutScriptAndAWrongOrUsedOneIsRefusedInWordsWithTheTokenOnlyInTheAddress()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Invited Quietly");
        var memberWithScript = await _session.NewPageAsync();
        var (email, _) = await WorkspaceSetup.SignUpAsync(memberWithScript, "Mia Member");
        var invite = await owner.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email, role = "editor" }, Headers = WorkspaceSetup.Origin(owner) });
        Assert.Equal(201, invite.Status);
        var token = (await invite.JsonAsync())!.Value.GetProperty("token").GetString()!;
        var secret = token[37..];

        // Someone else opens it: refused in the API's words, as a page, with the API's status; the token is nowhere in it.
        var otherWithScript = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(otherWithScript, "Sam Stranger");
        var other = await WithoutScript.SignedInAsAsync(_session, otherWithScript);
        var otherJson = PersonChecks.WatchForJson(other);
        await other.GotoAsync($"/invites/{token}");
        Assert.DoesNotContain(secret, await other.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(410, await WithoutScript.SubmitAsync(other, "Accept the invitation"));
        await Assertions.Expect(other.Locator("main [role=alert]")).ToContainTextAsync("This invite cannot be used");
        Assert.EndsWith($"/invites/{token}", other.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await other.ContentAsync(), StringComparison.Ordinal);
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, other, "no-script-invite-refused");
        Assert.Empty(otherJson);

        // The page's post without its antiforgery token accepts nothing, even for the right account.
        var member = await WithoutScript.SignedInAsAsync(_session, memberWithScript);
        await member.GotoAsync($"/invites/{token}");
        var forged = await WithoutScript.PostFormAsync(_session, member, $"/invites/{token}", [], withToken: false);
        Assert.Equal(400, forged.Status);
        Assert.Equal(404, (await memberWithScript.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).Status);

        // The right account accepts with one button and lands in the workspace, as the script path does.
        var json = PersonChecks.WatchForJson(member);
        await member.GotoAsync($"/invites/{token}");
        Assert.DoesNotContain(secret, await member.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(303, await WithoutScript.SubmitAsync(member, "Accept the invitation"));
        await member.WaitForURLAsync($"**/workspaces/{ws}");
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync("Invited Quietly");
        Assert.Equal(200, (await memberWithScript.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).Status);

        // Used: the same answer as every unusable invite.
        await member.GotoAsync($"/invites/{token}");
        Assert.Equal(410, await WithoutScript.SubmitAsync(member, "Accept the invitation"));
        await Assertions.Expect(member.Locator("main [role=alert]")).ToContainTextAsync("This invite cannot be used");
        Assert.Empty(json);
    }

    [Fact]
    public async Task AnEntityIsAddedWithoutScriptWithItsReferencesABlankNameIsRefusedAtItsFieldAndAViewerAndAStrangerAreRefused()
    {
        var ownerWithScript = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(ownerWithScript, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(ownerWithScript, "Catalogue Quietly");
        foreach (var name in new[] { "Ledger", "Payroll" })
        {
            Assert.Equal(201, (await ownerWithScript.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/applications", new() { DataObject = new { name }, Headers = WorkspaceSetup.Origin(ownerWithScript) })).Status);
        }

        var owner = await WithoutScript.SignedInAsAsync(_session, ownerWithScript);
        var json = PersonChecks.WatchForJson(owner);
        await owner.GotoAsync($"/workspaces/{ws}/integrations");
        await owner.GetByLabel("Source application").SelectOptionAsync(new SelectOptionValue { Label = "Payroll" });
        Assert.Equal(400, await WithoutScript.SubmitAsync(owner, "Add integration"));
        await Assertions.Expect(owner.Locator("#entity-name-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(owner.GetByLabel("Name", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(owner.GetByLabel("Source application").Locator("option:checked")).ToHaveTextAsync("Payroll");
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, owner, "no-script-entity-create-refused");

        await owner.GetByLabel("Name", new() { Exact = true }).FillAsync("Payroll to Ledger");
        await owner.GetByLabel("Target application").SelectOptionAsync(new SelectOptionValue { Label = "Ledger" });
        Assert.Equal(303, await WithoutScript.SubmitAsync(owner, "Add integration"));
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex(@"/integrations\?done=created&created=[0-9a-f-]{36}$"));
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync("An integration was added.");
        await Assertions.Expect(owner.Locator("ul.entities li").GetByRole(AriaRole.Link)).ToHaveTextAsync("Payroll to Ledger");
        Assert.Empty(json);

        // A viewer may not create (403 page, as the API answers them); a stranger learns nothing (404 page); neither adds anything.
        var viewerWithScript = await _session.NewPageAsync();
        await WorkspaceSetup.JoinAsync(ownerWithScript, viewerWithScript, ws, "viewer", "Vic Viewer");
        var viewer = await WithoutScript.SignedInAsAsync(_session, viewerWithScript);
        await viewer.GotoAsync($"/workspaces/{ws}/applications");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Add application" })).ToHaveCountAsync(0);

        // The form's post made by hand, with the viewer's own antiforgery token (from a page that has a form).
        await viewer.GotoAsync("/workspaces");
        var refused = await WithoutScript.PostFormAsync(_session, viewer, $"/workspaces/{ws}/applications?handler=Create", new() { ["name"] = "By a viewer" }, withToken: true);
        Assert.Equal(403, refused.Status);
        Assert.StartsWith("text/html", refused.Headers["content-type"], StringComparison.Ordinal);
        var strangerWithScript = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(strangerWithScript, "Sam Stranger");
        var stranger = await WithoutScript.SignedInAsAsync(_session, strangerWithScript);
        await stranger.GotoAsync("/workspaces");
        var hidden = await WithoutScript.PostFormAsync(_session, stranger, $"/workspaces/{ws}/applications?handler=Create", new() { ["name"] = "By a stranger" }, withToken: true);
        Assert.Equal(404, hidden.Status);
        Assert.StartsWith("text/html", hidden.Headers["content-type"], StringComparison.Ordinal);
        Assert.DoesNotContain("Catalogue Quietly", await hidden.TextAsync(), StringComparison.Ordinal);

        // The page acts on the workspace and kind in its address, never on ones a crafted body names.
        var other = await WorkspaceSetup.CreateWorkspaceAsync(ownerWithScript, "Catalogue Elsewhere");
        await owner.GotoAsync($"/workspaces/{ws}/applications");
        var addressed = await WithoutScript.PostFormAsync(_session, owner, $"/workspaces/{ws}/applications?handler=Create", new() { ["name"] = "Address Wins", ["ws"] = other.ToString(), ["kind"] = "integrations" }, withToken: true);
        Assert.Equal(303, addressed.Status);
        Assert.StartsWith($"/workspaces/{ws}/applications", addressed.Headers["location"], StringComparison.Ordinal);
        Assert.Equal(0, (await (await ownerWithScript.Context.APIRequest.GetAsync($"/v1/workspaces/{other}/applications")).JsonAsync())!.Value.GetProperty("items").GetArrayLength());
        Assert.Equal(204, (await ownerWithScript.Context.APIRequest.DeleteAsync(
            $"/v1/workspaces/{ws}/applications/{new Uri(_session.BaseUrl + addressed.Headers["location"]).Query.Split("created=")[1]}", new() { Headers = WorkspaceSetup.Origin(ownerWithScript) })).Status);

        // A post to a page with no handler for it is refused (405 page), never rendered with nothing read (it was a 500).
        var unhandled = await WithoutScript.PostFormAsync(_session, owner, $"/workspaces/{ws}/audit", [], withToken: true);
        Assert.Equal(405, unhandled.Status);
        Assert.StartsWith("text/html", unhandled.Headers["content-type"], StringComparison.Ordinal);

        // And the owner's own post without the antiforgery token adds nothing either.
        await owner.GotoAsync($"/workspaces/{ws}/applications");
        Assert.Equal(400, (await WithoutScript.PostFormAsync(_session, owner, $"/workspaces/{ws}/applications?handler=Create", new() { ["name"] = "Forged" }, withToken: false)).Status);
        var applications = (await (await ownerWithScript.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/applications")).JsonAsync())!.Value.GetProperty("items")
            .EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Ledger", "Payroll"], applications);
    }
}
