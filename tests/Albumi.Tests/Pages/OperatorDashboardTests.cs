using Albumi.Grains.Audit;
using Albumi.Silo.Operators;
using Albumi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Albumi.Tests.Pages;

public sealed class OperatorDashboardTests : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task AnOperatorGrantedOnTheServerSeesBothNodesOfTheClusterAndNobodyElseSeesTheDashboard()
    {
        _session.StartAnotherNode("second-node");
        var page = await _session.NewPageAsync();
        var (email, _) = await BrowserSession.SignUpAsync(page);
        var outsider = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(outsider);

        var before = await page.GotoAsync("/ops");
        Assert.Equal(404, before!.Status);
        var output = new StringWriter();
        var audit = _session.Node.Services.GetRequiredService<SecurityAuditLog>();
        Assert.Equal(0, await OperatorCommands.RunAsync(_session.Database.OwnerConnectionString, audit, ["grant", email], output));

        // A backup run as 'backup run full' records it (BackupDrillTests); the dashboard shows it with its outcome.
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.BackupCompleted, SecurityOutcome.Success,
            Metadata: new Dictionary<string, string> { ["type"] = "full", ["backup"] = "full backup: 20261204-013000F" }));

        var dashboard = await page.GotoAsync("/ops");
        Assert.Equal(200, dashboard!.Status);
        await Assertions.Expect(page.Locator("ul.backups")).ToContainTextAsync("backup-completed (success)");
        await Assertions.Expect(page.Locator("ul.backups")).ToContainTextAsync("full backup: 20261204-013000F");
        await Assertions.Expect(page.Locator("table.nodes")).ToContainTextAsync("browser-node");
        await Assertions.Expect(page.Locator("table.nodes")).ToContainTextAsync("second-node");
        await Assertions.Expect(page.Locator("p.reminders")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.nodes")).ToContainTextAsync("Account");

        // Orleans' own dashboard, linked from /ops, behind the same rule.
        await page.ClickAsync("a[href='/ops/orleans/']");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ops/orleans/$"));
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync("/ops/orleans/DashboardCounters")).Status);
        await BrowserSession.ScreenshotAsync(page, "ops-orleans");
        await page.GotoAsync("/ops");
        // It reads itself again on a timer a person can pause (no meta refresh, which axe refuses).
        await Assertions.Expect(page.Locator("meta[http-equiv='refresh']")).ToHaveCountAsync(0);
        var pause = page.GetByRole(AriaRole.Button, new() { Name = "Pause automatic refresh" });
        await pause.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume automatic refresh" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-auto-refresh-state]")).ToHaveTextAsync("Automatic refresh is paused.");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "ops");
        Assert.Equal(404, (await outsider.GotoAsync("/ops"))!.Status);
        Assert.Equal(404, (await outsider.Context.APIRequest.GetAsync("/ops/status.json")).Status);
        Assert.Equal(404, (await outsider.GotoAsync("/ops/orleans/"))!.Status);
        Assert.Equal(404, (await outsider.Context.APIRequest.GetAsync("/ops/orleans/DashboardCounters")).Status);
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync("/ops/status.json")).Status);

        await using var connection = new NpgsqlConnection(_session.Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var granted = new NpgsqlCommand("SELECT count(*) FROM audit.security_events WHERE event_type = 1500", connection);
        Assert.Equal(1L, await granted.ExecuteScalarAsync());
        await using var app = new NpgsqlConnection(_session.Database.AppConnectionString);
        await app.OpenAsync();
        await using var selfServe = new NpgsqlCommand("INSERT INTO platform_operators (account_id, granted_by) SELECT id, 'me' FROM accounts LIMIT 1", app);
        await Assert.ThrowsAsync<PostgresException>(() => selfServe.ExecuteNonQueryAsync());
    }
}
