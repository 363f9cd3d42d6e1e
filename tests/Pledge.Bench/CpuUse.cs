using System.Diagnostics;
using Npgsql;

namespace Pledge.Bench;

/// <summary>
/// CPU time spent by the processes under test, read from /proc, so that each figure comes with its cost in CPU per
/// operation — which, unlike a rate, the other engineers' builds on the shared machine do not change much.
/// </summary>
internal sealed class CpuUse
{
    // USER_HZ: /proc reports clock ticks of 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    private readonly List<(string Name, Func<TimeSpan> Read)> parts = [];

    public CpuUse Add(string name, Func<TimeSpan> read)
    {
        parts.Add((name, read));
        return this;
    }

    /// <summary>This process, under the name of what it does in the step (the load generator, or only a poll).</summary>
    public CpuUse AddSelf(string name = "load generator") => Add(name, () =>
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    });

    public CpuUse AddProcess(string name, int pid) => Add(name, () => OfProcess(pid, withReapedChildren: false));

    /// <summary>A PostgreSQL server: the postmaster, its live children, and the children it has reaped.</summary>
    public CpuUse AddPostgres(int postmaster) => Add("PostgreSQL", () =>
    {
        var total = OfProcess(postmaster, withReapedChildren: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } s && s.ParentId == postmaster)
                total += Ticks(s.User + s.System);
        return total;
    });

    /// <summary>Starts a measurement window.</summary>
    public Window Start() => new(this, parts.Select(p => p.Read()).ToArray(), MachineBusy(), Stopwatch.GetTimestamp());

    /// <summary>The postmaster's process id, from a backend's parent.</summary>
    public static async Task<int> PostmasterOfAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return Stat(backend)?.ParentId ?? throw new InvalidOperationException("Cannot read the PostgreSQL backend's parent.");
    }

    private static TimeSpan OfProcess(int pid, bool withReapedChildren) =>
        Stat(pid) is { } s ? Ticks(s.User + s.System + (withReapedChildren ? s.ChildrenUser + s.ChildrenSystem : 0)) : TimeSpan.Zero;

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private sealed record ProcStat(int ParentId, long User, long System, long ChildrenUser, long ChildrenSystem);

    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name may hold spaces and parentheses: fields are counted after its closing parenthesis.
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(int.Parse(f[1]), long.Parse(f[11]), long.Parse(f[12]), long.Parse(f[13]), long.Parse(f[14]));
    }

    /// <summary>Busy and total clock ticks of the whole machine (all CPUs, all processes).</summary>
    private static (long Busy, long Total) MachineBusy()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Take(8).Sum();
        return (total - idle, total);
    }

    public sealed class Window(CpuUse use, TimeSpan[] start, (long Busy, long Total) machineStart, long startedAt)
    {
        /// <summary>One line: CPU per operation of each part, and how much of the machine the rest of it took meanwhile.</summary>
        public string PerOperation(long operations, string unit)
        {
            var wall = Stopwatch.GetElapsedTime(startedAt);
            var (busy, total) = MachineBusy();
            var spent = use.parts.Select((p, i) => (p.Name, Cpu: p.Read() - start[i])).ToArray();
            var ours = spent.Sum(s => s.Cpu.TotalSeconds);
            var cores = Environment.ProcessorCount;
            var machineBusySeconds = (busy - machineStart.Busy) / TicksPerSecond;
            var others = Math.Max(0, machineBusySeconds - ours);
            var parts = string.Join(", ", spent.Select(s => $"{s.Name} {s.Cpu.TotalMicroseconds / Math.Max(1, operations):0} µs"));
            return $"CPU per {unit}: {parts}; the machine's {cores} cores were {machineBusySeconds / (wall.TotalSeconds * cores):P0} busy, " +
                   $"{others / (wall.TotalSeconds * cores):P0} of them by other processes";
        }
    }
}
