using Microsoft.Extensions.Options;

namespace Pledge.Hosting;

internal sealed class PledgeHostOptionsValidator : IValidateOptions<PledgeHostOptions>
{
    public ValidateOptionsResult Validate(string? name, PledgeHostOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.NodeId) || o.NodeId.Length > 200)
            errors.Add($"{nameof(o.NodeId)} must be a non-empty name of at most 200 characters.");
        if (o.LeaseDuration <= TimeSpan.Zero)
            errors.Add($"{nameof(o.LeaseDuration)} must be positive.");
        if (o.DeadlineLookahead < TimeSpan.Zero || o.DeadlineLookahead * 2 > o.LeaseDuration)
            errors.Add($"{nameof(o.DeadlineLookahead)} must be at least zero and at most half of {nameof(o.LeaseDuration)}, so that a claimed deadline fires before its lease ends.");
        if (o.PollInterval <= TimeSpan.Zero)
            errors.Add($"{nameof(o.PollInterval)} must be positive.");
        if (o.RetentionSweepInterval <= TimeSpan.Zero)
            errors.Add($"{nameof(o.RetentionSweepInterval)} must be positive.");
        if (o.MaxClaimedDeadlines < 1) errors.Add($"{nameof(o.MaxClaimedDeadlines)} must be at least 1.");
        if (o.MaxConcurrentFirings < 1) errors.Add($"{nameof(o.MaxConcurrentFirings)} must be at least 1.");
        if (o.MaxBatchSize is < 1 or > 10_000) errors.Add($"{nameof(o.MaxBatchSize)} must be between 1 and 10000.");
        if (o.BatchWriters is < 1 or > 64) errors.Add($"{nameof(o.BatchWriters)} must be between 1 and 64.");
        if (o.BatchDelay < TimeSpan.Zero || o.BatchDelay > TimeSpan.FromSeconds(1))
            errors.Add($"{nameof(o.BatchDelay)} must be between 0 and 1 second.");
        if (o.WebhookTimeout <= TimeSpan.Zero) errors.Add($"{nameof(o.WebhookTimeout)} must be positive.");
        if (o.WebhookRetryFor < TimeSpan.Zero) errors.Add($"{nameof(o.WebhookRetryFor)} must not be negative.");
        if (o.WebhookFirstBackoff <= TimeSpan.Zero || o.WebhookMaxBackoff < o.WebhookFirstBackoff)
            errors.Add($"{nameof(o.WebhookFirstBackoff)} must be positive and not above {nameof(o.WebhookMaxBackoff)}.");
        if (o.WebhookConcurrency < 1) errors.Add($"{nameof(o.WebhookConcurrency)} must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
