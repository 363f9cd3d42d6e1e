namespace Pledge.Hosting.Internal;

internal static class HostTime
{
    /// <summary>
    /// The instant a host hands to deciders: UTC, cut to whole microseconds, because PostgreSQL keeps no more and
    /// both hosts must answer alike.
    /// </summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var utc = clock.GetUtcNow().UtcTicks;
        return new DateTimeOffset(utc - utc % 10, TimeSpan.Zero);
    }
}
