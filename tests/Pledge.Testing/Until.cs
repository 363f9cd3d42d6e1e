namespace Pledge.Testing;

public static class Until
{
    /// <summary>
    /// Grains fire deadlines and deliver their outboxes on their own turns after the clock moves or a command is
    /// acknowledged (and exporters publish on their own schedule); this awaits the effect, bounded at 15 s of real time.
    /// </summary>
    public static async Task<T> ReachesAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var give = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > give) throw new TimeoutException($"{what} never happened; last seen: {value}");
            await Task.Delay(10);
        }
    }
}
