namespace Pledge.Api.Tests;

/// <summary>
/// appsettings.json sets production levels: Warning for the framework's categories, Information for Pledge's own;
/// the standard Logging settings (Logging__LogLevel__… in the environment) override them.
/// </summary>
public sealed class LoggingDefaultsTests
{
    [Fact]
    public async Task Requests_are_not_logged_at_information_by_default()
    {
        using var api = new PledgeApiFactory();
        var t = await api.NewTenantAsync("logging-default");
        (await t.Platform.GetAsync("/v1/policies")).EnsureSuccessStatusCode();

        Assert.DoesNotContain(api.Logs.Entries, e => e.StartsWith("Information Microsoft.", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Logs.Entries, e => e.StartsWith("Debug ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_standard_logging_settings_override_the_defaults()
    {
        using var api = new PledgeApiFactory();
        api.Settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting"] = "Information";
        var t = await api.NewTenantAsync("logging-override");
        (await t.Platform.GetAsync("/v1/policies")).EnsureSuccessStatusCode();

        Assert.Contains(api.Logs.Entries, e => e.StartsWith("Information Microsoft.AspNetCore.Hosting.Diagnostics: Request starting", StringComparison.Ordinal));
    }
}
