namespace Pledge.Bench;

/// <summary>How big and how long each step runs. <see cref="Quick"/> checks that every step works in a few minutes; it proves no speed.</summary>
internal sealed record BenchSettings(
    bool Quick,
    int Concurrency,
    TimeSpan Warmup,
    TimeSpan Saturation,
    TimeSpan Paced,
    int Conversations,
    int Deadlines,
    int DurableDeadlines,
    TimeSpan DeadlineSpan,
    int ScaleSmall,
    int ScaleEntities,
    int ScaleOverdue,
    TimeSpan ScaleLoadBudget,
    int FailoverDeadlines,
    TimeSpan FailoverSpan,
    int ReplayEvents,
    int ScreenMessages)
{
    /// <summary>The measured run: about an hour on two cores, most of it loading step 5's million conversations.</summary>
    public static BenchSettings Full { get; } = new(
        Quick: false,
        Concurrency: 64,
        Warmup: TimeSpan.FromSeconds(3),
        Saturation: TimeSpan.FromSeconds(20),
        Paced: TimeSpan.FromSeconds(15),
        Conversations: 20_000,
        Deadlines: 100_000,
        // The same 100,000 as in memory, made through the grains at the durable write rate (two commands each) before
        // the first falls due: see the step's output.
        DurableDeadlines: 100_000,
        DeadlineSpan: TimeSpan.FromSeconds(60),
        ScaleSmall: 100_000,
        ScaleEntities: 1_000_000,
        ScaleOverdue: 100_000,
        // Loading through the grains is the slow part of the run: the large size is what this budget allows, up to
        // ScaleEntities (900,000 more took 860-980 s here; --scale-budget shortens it while working on something else).
        ScaleLoadBudget: TimeSpan.FromSeconds(1_100),
        FailoverDeadlines: 2_000,
        FailoverSpan: TimeSpan.FromSeconds(60),
        ReplayEvents: 1_000_000,
        ScreenMessages: 200_000);

    public static BenchSettings QuickRun { get; } = new(
        Quick: true,
        Concurrency: 16,
        Warmup: TimeSpan.FromSeconds(0.5),
        Saturation: TimeSpan.FromSeconds(2),
        Paced: TimeSpan.FromSeconds(2),
        Conversations: 200,
        Deadlines: 500,
        DurableDeadlines: 300,
        DeadlineSpan: TimeSpan.FromSeconds(5),
        ScaleSmall: 300,
        ScaleEntities: 1_000,
        ScaleOverdue: 300,
        ScaleLoadBudget: TimeSpan.FromSeconds(30),
        FailoverDeadlines: 100,
        FailoverSpan: TimeSpan.FromSeconds(15),
        ReplayEvents: 20_000,
        ScreenMessages: 5_000);
}
