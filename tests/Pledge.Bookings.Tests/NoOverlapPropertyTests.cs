using FsCheck;
using FsCheck.Fluent;
using Pledge.Bookings.Bookings;

namespace Pledge.Bookings.Tests;

public sealed class NoOverlapPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Slot = TimeSpan.FromMinutes(15);

    /// <summary>0 book, 1 reschedule, 2 cancel, 3 let time pass, 4 join.</summary>
    private sealed record Op(int Kind, int Booking, int Slot, int Length)
    {
        public override string ToString() => $"{Kind}:{Booking}@{Slot}+{Length}";
    }

    [Fact]
    public void No_sequence_of_book_reschedule_and_cancel_on_one_resource_leaves_two_active_overlapping_bookings()
    {
        var op =
            from kind in Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (2, Gen.Constant(3)), (1, Gen.Constant(4)))
            from booking in Gen.Choose(0, 6)
            from slot in Gen.Choose(0, 60)
            from length in Gen.Choose(1, 8)
            select new Op(kind, booking, slot, length);
        var sequences = Gen.ArrayOf(op).ToArbitrary();

        Prop.ForAll(sequences, ops => NeverOverlaps(ops)).QuickCheckThrowOnFailure();
    }

    private static bool NeverOverlaps(Op[] ops)
    {
        var world = new BookingWorld(Start);
        // Ranges sit in a window that time reaches, so late changes, no-shows and expiries all happen.
        var dayStart = Start.AddHours(20);
        foreach (var op in ops)
        {
            var id = $"b{op.Booking}";
            var from = dayStart + op.Slot * Slot;
            var to = from + op.Length * Slot;
            switch (op.Kind)
            {
                case 0: world.Book(id, $"c{op.Booking % 3}", "agent", from, to); break;
                case 1 when world.Bookings.ContainsKey(id): world.Reschedule(id, from, to); break;
                case 2 when world.Bookings.ContainsKey(id): world.Cancel(id); break;
                case 3: world.AdvanceTo(world.Now + op.Slot * Slot); break;
                case 4 when world.Bookings.ContainsKey(id): world.Attend(id, AttendanceKind.Joined); break;
            }

            if (!Holds(world))
                return false;
        }

        return true;
    }

    private static bool Holds(BookingWorld world)
    {
        var active = world.Bookings
            .Where(b => b.Value.State.Status is BookingStatus.Scheduled or BookingStatus.InProgress)
            .Select(b => (Id: b.Key, b.Value.State.Start, b.Value.State.End))
            .ToArray();
        var reservations = world.Resources.Values.SelectMany(r => r.State.Reservations).Where(r => r.End > world.Now).ToArray();
        var bookingsApart = active.All(a => active.All(b => a.Id == b.Id || !TimeRanges.Overlap(a.Start, a.End, b.Start, b.End)));
        var reservationsApart = reservations.All(a => reservations.All(b => a.BookingId == b.BookingId || !TimeRanges.Overlap(a.Start, a.End, b.Start, b.End)));
        // Every live booking still holds exactly its range on the resource.
        var held = active.Where(a => a.End > world.Now)
            .All(a => reservations.Any(r => r.BookingId == a.Id && r.Start == a.Start && r.End == a.End));
        return bookingsApart && reservationsApart && held;
    }
}
