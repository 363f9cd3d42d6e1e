using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Pledge.Api.Auth;
using Pledge.Api.Configuration;
using Pledge.Api.Problems;

namespace Pledge.Api;

/// <summary>A token bucket per key (per remote address for unauthenticated calls); refusals are 429 with Retry-After.</summary>
internal static class RateLimits
{
    public static Action<RateLimiterOptions> Configure(PledgeApiOptions.LimitOptions limits) => options =>
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var partition = context.User.FindFirst(PledgeClaims.KeyId)?.Value ?? "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (context, ct) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await Problem.Create(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests for this key; retry after the indicated delay.")
                .ExecuteAsync(context.HttpContext);
        };
    };
}
