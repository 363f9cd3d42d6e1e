using Microsoft.Extensions.Options;

namespace Pledge.Hosting;

internal sealed class PledgeHostOptionsValidator : IValidateOptions<PledgeHostOptions>
{
    public ValidateOptionsResult Validate(string? name, PledgeHostOptions o)
    {
        var errors = new List<string>();
        if (o.RetentionSweepInterval <= TimeSpan.Zero)
            errors.Add($"{nameof(o.RetentionSweepInterval)} must be positive.");
        if (o.WebhookTimeout <= TimeSpan.Zero) errors.Add($"{nameof(o.WebhookTimeout)} must be positive.");
        if (o.WebhookRetryFor < TimeSpan.Zero) errors.Add($"{nameof(o.WebhookRetryFor)} must not be negative.");
        if (o.WebhookFirstBackoff <= TimeSpan.Zero || o.WebhookMaxBackoff < o.WebhookFirstBackoff)
            errors.Add($"{nameof(o.WebhookFirstBackoff)} must be positive and not above {nameof(o.WebhookMaxBackoff)}.");
        if (o.WebhookConcurrency < 1) errors.Add($"{nameof(o.WebhookConcurrency)} must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
