using System.ComponentModel.DataAnnotations;

namespace Pledge.Api.Configuration;

/// <summary>Settings under <c>Pledge</c> that the HTTP front end reads.</summary>
public sealed class PledgeApiOptions
{
    public const string Section = "Pledge";

    /// <summary><c>memory</c> (embedded default, not durable) or <c>postgres</c>.</summary>
    [RegularExpression("^(memory|postgres)$", ErrorMessage = "Pledge:Storage must be 'memory' or 'postgres'.")]
    public string Storage { get; set; } = "memory";

    public AuthOptions Auth { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public sealed class AuthOptions
    {
        /// <summary>The operator key that creates tenants and their keys. Printed once when generated.</summary>
        [MinLength(24, ErrorMessage = "Pledge:Auth:BootstrapKey must have at least 24 characters.")]
        public string? BootstrapKey { get; set; }

        /// <summary>How long a validated tenant key is trusted before it is looked up again (revocation delay).</summary>
        [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
        public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class LimitOptions
    {
        [Range(1024, 16 * 1024 * 1024)]
        public long MaxBodyBytes { get; set; } = 64 * 1024;

        /// <summary>Requests a key may make per second on average.</summary>
        [Range(1, 1_000_000)]
        public int RequestsPerSecond { get; set; } = 1000;

        /// <summary>Requests a key may make at once above the average.</summary>
        [Range(1, 1_000_000)]
        public int Burst { get; set; } = 2000;
    }
}
