namespace Pledge.Bench;

/// <summary>How big and how long each step runs. <see cref="Quick"/> checks that every step works in seconds; it proves no speed.</summary>
internal sealed record BenchSettings(
    bool Quick,
    int Concurrency,
    TimeSpan Warmup,
    TimeSpan Saturation,
    TimeSpan Paced,
    int Conversations,
    int Deadlines,
    TimeSpan DeadlineSpan,
    int ScaleEntities,
    int ScaleOverdue,
    int ReplayEvents,
    int ScreenMessages)
{
    /// <summary>The measured run: about ten minutes on two cores.</summary>
    public static BenchSettings Full { get; } = new(
        Quick: false,
        Concurrency: 64,
        Warmup: TimeSpan.FromSeconds(3),
        Saturation: TimeSpan.FromSeconds(20),
        Paced: TimeSpan.FromSeconds(15),
        Conversations: 20_000,
        Deadlines: 100_000,
        DeadlineSpan: TimeSpan.FromSeconds(60),
        ScaleEntities: 1_000_000,
        ScaleOverdue: 100_000,
        ReplayEvents: 1_000_000,
        ScreenMessages: 200_000);

    public static BenchSettings QuickRun { get; } = new(
        Quick: true,
        Concurrency: 16,
        Warmup: TimeSpan.FromSeconds(0.5),
        Saturation: TimeSpan.FromSeconds(2),
        Paced: TimeSpan.FromSeconds(2),
        Conversations: 400,
        Deadlines: 2_000,
        DeadlineSpan: TimeSpan.FromSeconds(5),
        ScaleEntities: 20_000,
        ScaleOverdue: 2_000,
        ReplayEvents: 20_000,
        ScreenMessages: 5_000);
}
