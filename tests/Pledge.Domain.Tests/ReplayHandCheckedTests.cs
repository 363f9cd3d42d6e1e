namespace Pledge.Domain.Tests;

/// <summary>
/// <c>pledge replay</c> on the real conversations of <c>tests/data/ibm-dev.jsonl</c> (Apache-2.0, see
/// <c>tests/data/README.md</c>), checked against figures computed by hand from the lines quoted below.
/// </summary>
public sealed class ReplayHandCheckedTests
{
    private static readonly string Input = ReplayRun.DataFile("ibm-dev.jsonl");

    [Fact]
    public async Task Talent_chat_figures_match_the_hand_computation()
    {
        var (report, stdout, _) = await ReplayRun.RunAsync("--policy", "talent-chat", "--input", Input);

        // --until defaults to the latest `at` of the file: line 576, 2020-04-02T20:45:28Z.
        Assert.Equal("talent-chat", report.RootElement.GetProperty("policy").GetString());
        Assert.Contains("\"until\":\"2020-04-02T20:45:28Z\"", stdout);
        Assert.Equal(525, report.RootElement.GetProperty("conversations").GetArrayLength());

        // ibm-BmWrJrf51lBkspzI9oMf, lines 199–202:
        //   15:59:50 customer → 16:01:57 agent RockstarSupport = 127 s (> 120: slow; ≤ 300: not very slow)
        //   16:02:43 customer → 16:04:11 agent                  =  88 s
        var a = report.Conversation("ibm-BmWrJrf51lBkspzI9oMf");
        Assert.Equal("RockstarSupport", a.GetProperty("owner").GetString());
        Assert.Equal([127.0, 88.0], a.Seconds());
        Assert.Equal((1, 0), (a.Get("breaches", "PT2M"), a.Get("breaches", "PT5M")));
        Assert.Equal("2020-03-24T15:59:50Z", a.GetProperty("waits")[0].GetProperty("opened").GetString());

        // ibm-pIo26TVKoKV2MKSgTEP2, lines 974–977: a burst of three customer tweets (19:25:52, 19:28:02,
        // 19:32:17) is one wait, answered 19:39:47 by DropboxSupport: 13 min 55 s = 835 s → slow and very slow.
        var burst = report.Conversation("ibm-pIo26TVKoKV2MKSgTEP2");
        Assert.Equal([835.0], burst.Seconds());
        Assert.Equal((1, 1), (burst.Get("breaches", "PT2M"), burst.Get("breaches", "PT5M")));

        // ibm-6AZdvQjocqUUee44kV9n, lines 95–98: customer 00:19:15, agent 00:20:32 (77 s), then two more
        // agent tweets that open nothing.
        var agentTail = report.Conversation("ibm-6AZdvQjocqUUee44kV9n");
        Assert.Equal([77.0], agentTail.Seconds());
        Assert.Equal((0, 0), (agentTail.Get("breaches", "PT2M"), agentTail.Get("breaches", "PT5M")));

        // ibm-1eF19rnhJYE6YXeYBwky, lines 30–35 (XboxSupport, 2018): 20:13:52→20:31:37 = 1065 s,
        // 21:18:51→22:29:41 = 4250 s, 12 May 20:06:06→13 May 16:02:22 = 71776 s: three very slow → claim.
        var claim = report.Conversation("ibm-1eF19rnhJYE6YXeYBwky");
        Assert.Equal([1065.0, 4250.0, 71776.0], claim.Seconds());
        Assert.Equal((3, 3), (claim.Get("breaches", "PT2M"), claim.Get("breaches", "PT5M")));
        Assert.True(claim.GetProperty("claimEligible").GetBoolean());
        Assert.False(a.GetProperty("claimEligible").GetBoolean());

        // AmazonHelp answers six conversations (lines 153–154, 548–549, 669–672, 844–845, 1012–1014, 1023–1025):
        //   148 s, 169 s, 821 s + 1563 s, 266 s, 12 d 54 min 55 s = 1040095 s, 1 d 21 h 40 min 33 s = 164433 s.
        //   PT2M: 7 decided, none within → 0.   PT5M: 7 decided, 148/169/266 within → 3/7.
        var amazon = report.Owner("AmazonHelp");
        Assert.Equal((7, 0, 7, 3), (amazon.Get("decided", "PT2M"), amazon.Get("within", "PT2M"), amazon.Get("decided", "PT5M"), amazon.Get("within", "PT5M")));
        Assert.Equal(0.0, amazon.GetProperty("responseRate").GetProperty("PT2M").GetDouble());
        Assert.Equal(3.0 / 7, amazon.GetProperty("responseRate").GetProperty("PT5M").GetDouble());
        Assert.Equal([1040095.0], report.Conversation("ibm-rEMRj0Gc7wDlWWUOrHVt").Seconds());
        Assert.Equal([164433.0], report.Conversation("ibm-rh7VrfdkZGpkgzU6fu98").Seconds());
    }

    [Fact]
    public async Task An_earlier_until_leaves_waits_open_and_pending()
    {
        var (report, stdout, _) = await ReplayRun.RunAsync("--policy", "talent-chat", "--input", Input, "--until", "2020-03-31T16:20:00Z");
        Assert.Contains("\"until\":\"2020-03-31T16:20:00Z\"", stdout);

        // ibm-U3GgAqGEBdgWZssWaTp8: customer 16:18:35, the agent's 16:21:24 lies after until → one open wait,
        // 85 s old: no breach yet, and no owner (no agent message by then).
        var pending = report.Conversation("ibm-U3GgAqGEBdgWZssWaTp8");
        Assert.Equal([(double?)null], pending.Seconds());
        Assert.Equal(0, pending.Get("breaches", "PT2M"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, pending.GetProperty("owner").ValueKind);

        // ibm-ZZldrGo4mOL4lHnhrSRC: 821 s answered; then customer 16:00:52, open for 1148 s at until → breaches both.
        var open = report.Conversation("ibm-ZZldrGo4mOL4lHnhrSRC");
        Assert.Equal([821.0, null], open.Seconds());
        Assert.Equal((2, 2), (open.Get("breaches", "PT2M"), open.Get("breaches", "PT5M")));

        // ibm-hG6McwpfSeVtrQWwLFdl (2 April) has not happened yet.
        Assert.DoesNotContain("ibm-hG6McwpfSeVtrQWwLFdl", stdout);

        // AmazonHelp now: 148 s (8ymsix), 821 s and the open 1148 s (ZZld), 1040095 s, 164433 s →
        //   PT2M 5 decided, 0 within; PT5M 5 decided, 1 within (148 s) → 0.2.
        var amazon = report.Owner("AmazonHelp");
        Assert.Equal((5, 0, 5, 1), (amazon.Get("decided", "PT2M"), amazon.Get("within", "PT2M"), amazon.Get("decided", "PT5M"), amazon.Get("within", "PT5M")));
        Assert.Equal(0.2, amazon.GetProperty("responseRate").GetProperty("PT5M").GetDouble());
    }

    [Fact]
    public async Task Marketplace_rates_use_the_twelve_hour_tier()
    {
        var (report, _, _) = await ReplayRun.RunAsync("--policy", "marketplace-seller-chat", "--input", Input);
        // Ask_Spectrum, lines 220–221 and 720–721: 566 s and 851 s, both within 12 h → rate 1.
        var spectrum = report.Owner("Ask_Spectrum");
        Assert.Equal((2, 2), (spectrum.Get("decided", "PT12H"), spectrum.Get("within", "PT12H")));
        Assert.Equal(1.0, spectrum.GetProperty("responseRate").GetProperty("PT12H").GetDouble());
        // AmazonHelp: 1040095 s and 164433 s exceed 43200 s; the five others are within → 5/7.
        Assert.Equal(5.0 / 7, report.Owner("AmazonHelp").GetProperty("responseRate").GetProperty("PT12H").GetDouble());
    }
}
