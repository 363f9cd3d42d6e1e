using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pledge.Hosting.Deadlines;
using Pledge.Hosting.InMemory;
using Pledge.Hosting.Reactions;
using Pledge.Hosting.Tests.Toys;
using Pledge.Hosting.Webhooks;

namespace Pledge.Hosting.Tests.Registration;

public sealed class RegistrationTests
{
    [Fact]
    public async Task The_in_memory_registration_resolves_every_service()
    {
        var kind = Counters.Kind();
        var services = new ServiceCollection().AddLogging().AddPledgeInMemoryHost().AddEntityKind(kind);
        services.AddHealthChecks().AddPledgeStorageCheck();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<InMemoryEntityHost>(provider.GetRequiredService<IEntityHost>());
        Assert.Same(kind, provider.GetRequiredService<EntityCatalog>().Get("counter"));
        Assert.IsType<InMemoryWebhookStore>(provider.GetRequiredService<IWebhookStore>());
        Assert.NotNull(provider.GetRequiredService<DeadlineScheduler>());
        Assert.NotNull(provider.GetRequiredService<ReactionDispatcher>());
        Assert.NotNull(provider.GetRequiredService<WebhookDispatcher>());
        var health = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var services = new ServiceCollection().AddLogging().AddPledgeInMemoryHost(o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(4);
            o.DeadlineLookahead = TimeSpan.FromSeconds(5);
            o.MaxBatchSize = 0;
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PledgeHostOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains(nameof(PledgeHostOptions.DeadlineLookahead)));
        Assert.Contains(error.Failures, f => f.Contains(nameof(PledgeHostOptions.MaxBatchSize)));
    }

    [Fact]
    public void A_second_kind_under_a_taken_name_is_refused()
    {
        var catalog = new EntityCatalog([Counters.Kind()]);
        Assert.Throws<InvalidOperationException>(() => catalog.Add(Counters.Kind()));
        Assert.Throws<KeyNotFoundException>(() => catalog.Get("nothing"));
    }

    [Fact]
    public void Signatures_verify_only_with_the_right_secret_body_and_fresh_timestamp()
    {
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var timestamp = WebhookSignature.Timestamp(at);
        var signature = WebhookSignature.Compute("whsec_1", timestamp, "{\"a\":1}");
        Assert.Matches("^v1=[0-9a-f]{64}$", signature);
        Assert.True(WebhookSignature.Verify("whsec_1", timestamp, "{\"a\":1}", signature, at.AddMinutes(1)));
        Assert.True(WebhookSignature.Verify("whsec_1", timestamp, "{\"a\":1}", "v1=00, " + signature));
        Assert.False(WebhookSignature.Verify("whsec_2", timestamp, "{\"a\":1}", signature));
        Assert.False(WebhookSignature.Verify("whsec_1", timestamp, "{\"a\":2}", signature));
        Assert.False(WebhookSignature.Verify("whsec_1", timestamp, "{\"a\":1}", signature, at.AddMinutes(10)));
        Assert.False(WebhookSignature.Verify("whsec_1", timestamp, "{\"a\":1}", null));
    }

    [Fact]
    public void Backoff_doubles_with_jitter_up_to_the_cap()
    {
        var first = TimeSpan.FromSeconds(10);
        var max = TimeSpan.FromMinutes(10);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var expected = Math.Min(10 * Math.Pow(2, attempt - 1), 600);
            var wait = WebhookDispatcher.Backoff(attempt, first, max).TotalSeconds;
            Assert.InRange(wait, expected * 0.75, expected * 1.25);
        }
    }
}
