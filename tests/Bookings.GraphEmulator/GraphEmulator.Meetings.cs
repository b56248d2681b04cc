using System.Text.Json.Nodes;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

public enum MeetingMailKind
{
    Invitation,
    Update,
    Cancellation,
}

/// <summary>One meeting message Exchange would have sent from <paramref name="Mailbox"/> to <paramref name="Attendee"/>.</summary>
public sealed record MeetingMail(string Mailbox, string Attendee, MeetingMailKind Kind, string EventId, string Subject, DateTimeOffset At);

/// <summary>Meeting mail sent for events with attendees, per organizer mailbox and per attendee.</summary>
public sealed class MeetingMailCounters
{
    private readonly GraphEmulator _emulator;

    internal MeetingMailCounters(GraphEmulator emulator) => _emulator = emulator;

    public IReadOnlyList<MeetingMail> All => _emulator.MeetingMailSnapshot();

    public int InvitationsSent(string? mailbox = null, string? attendee = null) => Count(MeetingMailKind.Invitation, mailbox, attendee);
    public int UpdatesSent(string? mailbox = null, string? attendee = null) => Count(MeetingMailKind.Update, mailbox, attendee);
    public int CancellationsSent(string? mailbox = null, string? attendee = null) => Count(MeetingMailKind.Cancellation, mailbox, attendee);

    private int Count(MeetingMailKind kind, string? mailbox, string? attendee) =>
        All.Count(m => m.Kind == kind
            && (mailbox is null || m.Mailbox.Equals(mailbox, StringComparison.OrdinalIgnoreCase))
            && (attendee is null || m.Attendee.Equals(attendee, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>
/// Meeting mail (event-update.md, "attendees property and meeting updates"): creating an event with attendees invites them;
/// an update that includes only attendees mails only the attendees that changed; there is no documented way to update a
/// meeting without mailing its attendees (microsoftgraph/microsoft-graph-docs#2309); deleting the event cancels it for
/// everyone. Whether a PATCH of other properties mails everyone is GraphEmulatorOptions.MeetingUpdateOnEveryPatch.
/// </summary>
public sealed partial class GraphEmulator
{
    private static readonly string[] MeetingFields = ["start", "end", "location", "locations", "body"];
    private readonly List<MeetingMail> _meetingMail = [];

    /// <summary>Counts of meeting mail: <c>emulator.Meeting.UpdatesSent(mailbox, attendee)</c>.</summary>
    public MeetingMailCounters Meeting { get; }

    internal IReadOnlyList<MeetingMail> MeetingMailSnapshot() { lock (_lock) return [.. _meetingMail]; }

    private static List<string> AttendeesOf(JsonObject? data, string organizer) =>
        data?["attendees"] is JsonArray a
            ? [.. a.OfType<JsonObject>().Select(x => x["emailAddress"]!["address"]!.GetValue<string>())
                .Where(x => !x.Equals(organizer, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)]
            : [];

    private void Mail(Mailbox m, Item e, string attendee, MeetingMailKind kind) =>
        _meetingMail.Add(new MeetingMail(m.Address, attendee, kind, e.Id, e.Data["subject"]?.GetValue<string>() ?? "", Now()));

    private void SendMeetingMail(Mailbox m, Item e, JsonObject? before, JsonObject? patch, GraphEmulatorOptions o)
    {
        if (e.CopyOf is not null) return;
        var now = AttendeesOf(e.Data, m.Address);
        if (before is null)
        {
            foreach (var a in now) { Mail(m, e, a, MeetingMailKind.Invitation); DeliverCopy(m, e, a, o); }
            return;
        }
        var old = AttendeesOf(before, m.Address);
        var added = now.Except(old, StringComparer.OrdinalIgnoreCase).ToList();
        var removed = old.Except(now, StringComparer.OrdinalIgnoreCase).ToList();
        var remaining = now.Intersect(old, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var a in added) { Mail(m, e, a, MeetingMailKind.Invitation); DeliverCopy(m, e, a, o); }
        foreach (var a in removed) { Mail(m, e, a, MeetingMailKind.Cancellation); CancelCopy(m, e, a); }
        var significant = patch is not null && MeetingFields.Any(f => patch.ContainsKey(f) && !JsonNode.DeepEquals(before[f], e.Data[f]));
        if (o.MeetingUpdateOnEveryPatch || significant)
            foreach (var a in remaining) { Mail(m, e, a, MeetingMailKind.Update); DeliverCopy(m, e, a, o); }
    }

    private void SendCancellations(Mailbox m, Item e)
    {
        if (e.CopyOf is not null) return;
        foreach (var a in AttendeesOf(e.Data, m.Address)) { Mail(m, e, a, MeetingMailKind.Cancellation); CancelCopy(m, e, a); }
    }

    /// <summary>The meeting as it lands in an attendee's calendar that is a mailbox of the emulator: tentative until answered.</summary>
    private void DeliverCopy(Mailbox organizer, Item e, string attendee, GraphEmulatorOptions o)
    {
        if (!o.DeliverMeetingsToAttendeeMailboxes || Resolve(attendee) is not { } target || target == organizer) return;
        var data = new JsonObject();
        foreach (var key in new[] { "subject", "body", "start", "end", "location", "locations", "attendees", "isOnlineMeeting", "onlineMeetingProvider", "onlineMeeting", "originalStartTimeZone", "originalEndTimeZone", "sensitivity", "importance" })
            if (e.Data[key] is { } v) data[key] = v.DeepClone();
        data["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = organizer.DisplayName, ["address"] = organizer.Address } };
        data["showAs"] = "tentative";
        var copy = target.Events.Values.FirstOrDefault(x => x.CopyOf == (organizer.Address, e.Id));
        if (copy is null)
        {
            copy = new Item(ItemKind.Event, Ids.New("AAMkADCp"), data, Now(), NextSequence()) { CopyOf = (organizer.Address, e.Id), ICalUId = e.ICalUId };
            target.Events[copy.Id] = copy;
        }
        else
        {
            copy.Data = data;
            Touch(copy, Now());
        }
        copy.StartUtc = e.StartUtc;
        copy.EndUtc = e.EndUtc;
        copy.ChangeSequence = ++target.EventChangeSequence;
    }

    private void CancelCopy(Mailbox organizer, Item e, string attendee)
    {
        if (Resolve(attendee) is not { } target) return;
        if (target.Events.Values.FirstOrDefault(x => x.CopyOf == (organizer.Address, e.Id)) is not { } copy) return;
        copy.Data["isCancelled"] = true;
        copy.Data["showAs"] = "free";
        copy.Data["subject"] = "Canceled: " + (e.Data["subject"]?.GetValue<string>() ?? "");
        Touch(copy, Now());
        copy.ChangeSequence = ++target.EventChangeSequence;
    }
}
