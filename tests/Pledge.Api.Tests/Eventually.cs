using System.Net;
using System.Text.Json;

namespace Pledge.Api.Tests;

public static class Eventually
{
    /// <summary>
    /// Deadlines and reactions run as background work started by the clock or by a commit; poll the resource until it
    /// shows the effect (a 404 means it does not exist yet). Bounded: fails after 20 s.
    /// </summary>
    public static async Task<JsonElement> ReachesAsync(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var reminderNudgeAt = DateTime.UtcNow.AddSeconds(5);
        var last = "";
        while (true)
        {
            using var response = await client.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadAsStringAsync();
                var view = JsonDocument.Parse(last).RootElement;
                if (done(view)) return view;
            }
            else if (response.StatusCode != HttpStatusCode.NotFound)
            {
                throw new Xunit.Sdk.XunitException($"{path} answered {(int)response.StatusCode}");
            }
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"{path} never reached the expected state; last seen: {last}; {PledgeApiFactory.Diagnose(client)}");
            await Task.Delay(20);
            PledgeApiFactory.Nudge(client);
            if (DateTime.UtcNow > reminderNudgeAt)
            {
                // A last resort under the manual clock: real time would reach the entity's next reminder tick by itself;
                // here the clock is moved there once (and the failure message says so).
                PledgeApiFactory.PassReminderPeriod(client);
                reminderNudgeAt = DateTime.MaxValue;
            }
        }
    }
}
