using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// <c>/workspaces/{ws}/settings</c>: rename, the two-factor requirement (off behind "Confirm it is you") and the
/// classification policy for admins, with the API's refusals at their fields; for a viewer, what they can do and who
/// changes settings, no admin form, and the API refusing the admin requests made by hand; another tenant's workspace
/// the same 404 page as an id that names nothing.
/// </summary>
public sealed class WorkspaceSettingsPageTests(WorkspaceSetup.SharedSession shared) : IClassFixture<WorkspaceSetup.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly Infrastructure.TestClock _clock = shared.Clock;

    [Fact]
    public async Task AnAdminRenamesTheWorkspaceAndAnEmptyNameIsRefusedAtItsField()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Draft Name");
        var admin = await _session.NewPageAsync();
        await WorkspaceSetup.JoinAsync(owner, admin, ws, "admin", "Ada Admin");

        var json = PersonChecks.WatchForJson(admin);
        await admin.GotoAsync($"/workspaces/{ws}/settings");
        await PersonChecks.AccessibleAtBothWidthsAsync(admin, "settings-admin");
        var name = admin.GetByLabel("Workspace name");
        await name.FillAsync("   ");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#workspace-name-error")).ToContainTextAsync("A name of 1 to 200 characters");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(name).ToBeFocusedAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(admin, "settings-rename-refused");

        await name.FillAsync("Final Name");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Renamed to Final Name.");
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Final Name: settings");
        Assert.Equal("Final Name", (await (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).JsonAsync())!.Value.GetProperty("name").GetString());
        Assert.Empty(json);
    }

    [Fact]
    public async Task TurningTheTwoFactorRequirementOffAsksAStaleAdminToConfirmItIsThemAndThenCarriesOn()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Guarded");
        var enrolment = await (await owner.Context.APIRequest.PostAsync("/v1/me/mfa/totp", new() { Headers = WorkspaceSetup.Origin(owner) })).JsonAsync();
        var secret = enrolment!.Value.GetProperty("secret").GetString()!;
        Assert.Equal(200, (await owner.Context.APIRequest.PostAsync("/v1/me/mfa/totp/confirm", new() { DataObject = new { code = SecurityPage.Code(secret, _clock) }, Headers = WorkspaceSetup.Origin(owner) })).Status);

        var json = PersonChecks.WatchForJson(owner);
        await owner.GotoAsync($"/workspaces/{ws}/settings");
        var required = owner.GetByLabel("Require two-factor authentication for every member");
        await Assertions.Expect(required).Not.ToBeCheckedAsync();
        await required.CheckAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save the two-factor requirement" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Two-factor authentication is now required of every member.");
        await Assertions.Expect(required).ToBeCheckedAsync();

        _clock.Advance(TimeSpan.FromMinutes(11));
        await owner.ReloadAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await required.UncheckAsync();
        var form = owner.Locator("form[data-admin='workspace.require-mfa']");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save the two-factor requirement" }).ClickAsync();
        await Assertions.Expect(form.Locator("[data-form-error]")).ToContainTextAsync("second factor");
        Assert.DoesNotContain("{", await form.Locator("[data-form-error]").TextContentAsync(), StringComparison.Ordinal);
        Assert.True((await (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).JsonAsync())!.Value.GetProperty("requireMfa").GetBoolean());
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "settings-two-factor-step-up");

        _clock.Advance(TimeSpan.FromSeconds(30));
        await owner.GetByLabel("Authenticator code or recovery code").FillAsync(SecurityPage.Code(secret, _clock));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        await required.UncheckAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save the two-factor requirement" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Two-factor authentication is no longer required.");
        Assert.False((await (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).JsonAsync())!.Value.GetProperty("requireMfa").GetBoolean());
        Assert.Empty(json);
    }

    [Fact]
    public async Task TheClassificationPolicyIsSavedFromAFormAndAValueTheApiRefusesIsShownAtItsField()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Classified");

        var json = PersonChecks.WatchForJson(owner);
        await owner.GotoAsync($"/workspaces/{ws}/settings");
        var restricted = owner.GetByLabel("Restricted: seen by");
        await Assertions.Expect(restricted).ToHaveValueAsync("viewer");
        await owner.GetByLabel("Confidential: seen by").SelectOptionAsync(new SelectOptionValue { Label = "admins and the owner" });
        await restricted.SelectOptionAsync(new SelectOptionValue { Label = "the owner only" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save who sees each classification" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved who sees each classification");
        await Assertions.Expect(restricted).ToHaveValueAsync("owner");
        var policy = (await (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/classification-policy")).JsonAsync())!.Value;
        Assert.Equal("admin", policy.GetProperty("confidential").GetString());
        Assert.Equal("owner", policy.GetProperty("restricted").GetString());
        Assert.Equal("viewer", policy.GetProperty("public").GetString());

        // A value no option offers (a page changed in the browser's tools): the API's refusal lands at that field, nothing changes.
        await restricted.EvaluateAsync("select => { select.options[0].value = 'superuser'; select.selectedIndex = 0; }");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save who sees each classification" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#policy-restricted-error")).ToHaveTextAsync("Expected a role: viewer, editor, admin or owner.");
        await Assertions.Expect(restricted).ToHaveAttributeAsync("aria-invalid", "true");
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "settings-policy-refused");
        policy = (await (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/classification-policy")).JsonAsync())!.Value;
        Assert.Equal("owner", policy.GetProperty("restricted").GetString());
        Assert.Empty(json);
    }

    [Fact]
    public async Task AViewerIsToldWhatTheyCanDoAndWhoChangesSettingsSeesNoAdminFormAndTheApiRefusesTheirAdminRequests()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Read Only");
        var admin = await _session.NewPageAsync();
        await WorkspaceSetup.JoinAsync(owner, admin, ws, "admin", "Ada Admin");
        var viewer = await _session.NewPageAsync();
        var viewerId = await WorkspaceSetup.JoinAsync(owner, viewer, ws, "viewer", "Vic Viewer");
        Assert.Equal(200, (await owner.Context.APIRequest.PutAsync($"/v1/workspaces/{ws}/classification-policy", new() { DataObject = new { restricted = "admin" }, Headers = WorkspaceSetup.Origin(owner) })).Status);

        var json = PersonChecks.WatchForJson(viewer);
        await viewer.GotoAsync($"/workspaces/{ws}/settings");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "What you can do here" })).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator(".role-summary")).ToContainTextAsync("Read the catalogue");
        await Assertions.Expect(viewer.Locator(".role-summary")).ToContainTextAsync("changed by its admins and owner: Olive Owner, Ada Admin");
        await Assertions.Expect(viewer.Locator("table.policy tbody tr", new() { HasText = "Restricted" })).ToContainTextAsync("do not see these");
        Assert.Equal(0, await viewer.Locator("form[data-admin], form[data-api]:not([data-api='/auth/signout'])").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-export]").CountAsync());
        await PersonChecks.AccessibleAtBothWidthsAsync(viewer, "settings-viewer");

        await viewer.GotoAsync($"/workspaces/{ws}");
        Assert.Equal(0, await viewer.Locator("form[data-admin]").CountAsync());
        Assert.Equal(0, await viewer.GetByLabel("Invite by email").CountAsync());
        Assert.Equal(0, await viewer.Locator("table.invites").CountAsync());

        // The attack: the admin forms' requests made by hand. Each is refused and nothing changes.
        var origin = WorkspaceSetup.Origin(viewer);
        Assert.Equal(403, (await viewer.Context.APIRequest.PatchAsync($"/v1/workspaces/{ws}", new() { DataObject = new { name = "Taken" }, Headers = origin })).Status);
        Assert.Equal(403, (await viewer.Context.APIRequest.PatchAsync($"/v1/workspaces/{ws}", new() { DataObject = new { requireMfa = true }, Headers = origin })).Status);
        Assert.Equal(403, (await viewer.Context.APIRequest.PutAsync($"/v1/workspaces/{ws}/classification-policy", new() { DataObject = new { restricted = "viewer" }, Headers = origin })).Status);
        Assert.Equal(403, (await viewer.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email = Identity.AccountClient.NewEmail(), role = "viewer" }, Headers = origin })).Status);
        Assert.Equal(403, (await viewer.Context.APIRequest.PatchAsync($"/v1/workspaces/{ws}/members/{viewerId}", new() { DataObject = new { role = "admin" }, Headers = origin })).Status);
        Assert.Equal(403, (await viewer.Context.APIRequest.DeleteAsync($"/v1/workspaces/{ws}", new() { Headers = origin })).Status);
        var workspace = (await (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}")).JsonAsync())!.Value;
        Assert.Equal("Read Only", workspace.GetProperty("name").GetString());
        Assert.False(workspace.GetProperty("requireMfa").GetBoolean());
        Assert.Equal("admin", (await (await owner.Context.APIRequest.GetAsync($"/v1/workspaces/{ws}/classification-policy")).JsonAsync())!.Value.GetProperty("restricted").GetString());
        Assert.Equal("viewer", await WorkspaceSetup.RoleOfAsync(owner, ws, viewerId));
        Assert.Empty(json);
    }

    [Fact]
    public async Task AnotherTenantsWorkspaceAnswersEveryWorkspacePageWithTheSameNotFoundPageAsAnIdThatNamesNothing()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var theirs = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Not Yours");
        var stranger = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(stranger, "Sam Stranger");
        await WorkspaceSetup.CreateWorkspaceAsync(stranger, "Mine");
        var json = PersonChecks.WatchForJson(stranger);

        foreach (var suffix in new[] { string.Empty, "/settings" })
        {
            var random = await stranger.GotoAsync($"/workspaces/{Guid.NewGuid()}{suffix}");
            Assert.Equal(404, random!.Status);
            var expected = await stranger.Locator("main").InnerTextAsync();
            var refused = await stranger.GotoAsync($"/workspaces/{theirs}{suffix}");
            Assert.Equal(404, refused!.Status);
            Assert.Equal(expected, await stranger.Locator("main").InnerTextAsync());
            Assert.DoesNotContain("Not Yours", await stranger.ContentAsync(), StringComparison.Ordinal);
            await PersonChecks.ShowsAPageAsync(stranger);
        }

        await PersonChecks.AccessibleAtBothWidthsAsync(stranger, "settings-other-tenant-404");
        Assert.Empty(json);
    }
}
