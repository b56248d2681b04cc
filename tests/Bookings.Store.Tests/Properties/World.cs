using System.Globalization;
using System.Text;
using Bookings.Core.Availability;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Store.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Store.Tests.Properties;

/// <summary>An appointment as the test wrote it, with the seats still booked (by attendee id).</summary>
public sealed record Booked(string Id, string StaffId, string ServiceId, DateTimeOffset Start, DateTimeOffset End, TimeSpan PreBuffer, TimeSpan PostBuffer, int Seats)
{
    public List<string> Attendees { get; } = [];
    public bool IsActive => Attendees.Count > 0;
    public DateTimeOffset BlockedStart => Start - PreBuffer;
    public DateTimeOffset BlockedEnd => End + PostBuffer;
}

/// <summary>Good enough for tests: the "protected" token is the token in base64.</summary>
public sealed class Base64TokenProtector : ITokenProtector
{
    public string Protect(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes(token));

    public string? Unprotect(string protectedToken) => Encoding.UTF8.GetString(Convert.FromBase64String(protectedToken));
}

/// <summary>Good enough for tests: the "sealed" link is the link in base64url.</summary>
public sealed class Base64UrlLinkProtector : IManageLinkProtector
{
    public string Protect(string manageUrl) => Convert.ToBase64String(Encoding.UTF8.GetBytes(manageUrl)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string? Unprotect(string protectedUrl) => null;
}

/// <summary>One embedded store for a test class, on a RAM disk where there is one; each case gets its own mailbox.</summary>
public sealed class PropertyStore : IDisposable
{
    private static int _slugs;
    private readonly string _directory;

    public PropertyStore()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _directory = Directory.CreateDirectory(Path.Combine(root, "bookings-properties-" + Guid.NewGuid().ToString("N"))).FullName;
        Store = new SqliteBookingStore(_directory, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    public SqliteBookingStore Store { get; }

    public static string NewSlug() => "case-" + Interlocked.Increment(ref _slugs).ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Store.Dispose();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>
/// A scenario written into the store: a fresh mailbox, bookings straight into the store (conflicts
/// skipped), time off and closures, offered slots booked through the write path, some seats
/// cancelled; then the availability service and the booking handler at the scenario's "now".
/// Everything booked is tracked here, as written, for the oracle.
/// </summary>
public sealed class World
{
    private static readonly INotificationComposer Composer = new NotificationComposer();
    private static readonly OutboxComposer NoMessages = (_, _) => [];
    private int _ids;

    private World(Scenario scenario, IBookingStore store, Mailbox mailbox)
    {
        Scenario = scenario;
        Store = store;
        Mailbox = mailbox;
        Service = mailbox.Document.FindService(Scenario.ServiceId)!;
        var time = new FakeTimeProvider(scenario.Now);
        Availability = new AvailabilityService(store, time);
        Handler = new BookingHandler(store, Availability, Composer, new Base64TokenProtector(), new Base64UrlLinkProtector(), time);
    }

    public Scenario Scenario { get; }
    public IBookingStore Store { get; }
    public Mailbox Mailbox { get; }
    public CalendarDocument Calendar => Mailbox.Document;
    public BookingService Service { get; }
    public AvailabilityService Availability { get; }
    public BookingHandler Handler { get; }
    public List<Booked> Appointments { get; } = [];
    public List<TimeOff> TimeOff { get; } = [];

    public static async Task<World> CreateAsync(PropertyStore properties, Scenario s)
    {
        var store = properties.Store;
        var w = new World(s, store, await store.CreateMailboxAsync(s.Document(PropertyStore.NewSlug())));

        foreach (var b in s.StoreBookings)
        {
            var service = w.Calendar.FindService(b.OtherService ? Scenario.OtherServiceId : Scenario.ServiceId)!;
            var start = s.At(b.Position);
            for (var seat = 0; seat < Math.Min(b.Seats, service.MaximumAttendeesCount); seat++)
            {
                if (await store.BookAsync(w.Command(service, s.StaffAt(b.Staff), start), NoMessages) is not BookOutcome.Booked booked) break;
                w.Track(booked.Appointment, booked.Attendee);
            }
        }

        foreach (var t in s.TimeOff)
        {
            var start = s.At(t.Position);
            w.TimeOff.Add(await store.AddTimeOffAsync(new TimeOff("", w.Mailbox.Id, t.Staff < 0 ? null : s.StaffAt(t.Staff), start, start.AddMinutes(t.Minutes), "property")));
        }

        foreach (var p in s.Prebooks)
        {
            var slots = await w.SlotsAsync();
            if (slots.Count == 0) break;
            var slot = slots[p.Position % slots.Count];
            var staffId = p.Staff < 0 ? null : slot.StaffIds![p.Staff % slot.StaffIds!.Length];
            await w.BookAsync(slot.Start, staffId, "setup: booking an offered slot");
            for (var extra = 0; extra < p.ExtraSeats; extra++)
            {
                try { await w.BookAsync(slot.Start, null); }
                catch (BookingException) { break; }
            }
        }

        foreach (var c in s.Cancellations)
        {
            var seats = w.Appointments.SelectMany(a => a.Attendees.Select(attendee => (a, attendee))).ToList();
            if (seats.Count == 0) break;
            var (appointment, attendeeId) = seats[c % seats.Count];
            await w.CancelAsync(appointment, attendeeId);
        }
        return w;
    }

    /// <summary>The availability answer for the scenario's window, "anyone", with staff ids.</summary>
    public async Task<List<Slot>> SlotsAsync() =>
        await Availability.GetSlotsAsync(Mailbox, Service, staffId: null, Scenario.From, Scenario.To, includeStaffIds: true);

    /// <summary>Books through the write path; a refusal is rethrown with <paramref name="context"/> when one is given.</summary>
    public async Task<BookingSuccess> BookAsync(DateTimeOffset start, string? staffId, string? context = null)
    {
        // The request carries the business zone's offset, as the booking page sends it.
        var request = new BookingRequest
        {
            ServiceId = Scenario.ServiceId,
            StaffId = staffId,
            Start = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById(Scenario.BusinessZone)),
            Customer = new CustomerDetails { Name = "Pat Customer" },
        };
        BookingSuccess success;
        try
        {
            success = await Handler.BookAsync(Mailbox, request, idempotencyKey: null, token => "https://bookings.test/manage/" + token);
        }
        catch (BookingException e) when (context is not null)
        {
            throw new InvalidOperationException(
                $"{context}: {start:O} with staff {staffId ?? "anyone"} was refused: {e.Error.Kind} {e.Error.Code}", e);
        }
        Track(success.Appointment, success.Attendee);
        return success;
    }

    public async Task CancelAsync(Booked appointment, string attendeeId)
    {
        Assert.True(await Store.CancelAttendeeAsync(Mailbox.Id, appointment.Id, attendeeId, NoMessages));
        appointment.Attendees.Remove(attendeeId);
    }

    public Task CancelAsync(BookingSuccess success) =>
        CancelAsync(Appointments.Single(a => a.Id == success.Appointment.Id), success.Attendee.Id);

    private void Track(Appointment a, Attendee attendee)
    {
        var booked = Appointments.Find(x => x.Id == a.Id);
        if (booked is null)
            Appointments.Add(booked = new Booked(a.Id, a.StaffId, a.ServiceId, a.Start, a.End, a.PreBuffer, a.PostBuffer, a.Seats));
        booked.Attendees.Add(attendee.Id);
    }

    private BookingCommand Command(BookingService service, string staffId, DateTimeOffset start)
    {
        var n = $"{Mailbox.Slug}-{++_ids}";
        var attendee = new Attendee($"a-{n}", $"c-{n}", "Setup " + n, null, null, null, null, new Dictionary<string, string>(), null,
            false, "hash-" + n, AttendeeStatus.Booked, Scenario.Now);
        return new BookingCommand(Mailbox.Id, service.Id, staffId, start, start + service.DefaultDuration, service.PreBuffer, service.PostBuffer,
            service.MaximumAttendeesCount, "apt-" + n, attendee, new Customer(attendee.CustomerId, Mailbox.Id, attendee.Name, null, null), [], null);
    }
}
