using System.Text.Json.Nodes;

namespace Bookings.GraphEmulation.State;

/// <summary>What a mailbox is: a user's, a shared one (adopted by address), or the scheduling mailbox of a bookingBusiness.</summary>
public enum MailboxKind
{
    User,
    Shared,
    Scheduling,
}

/// <summary>One Exchange Online mailbox of the emulated tenant. Guarded by the emulator's lock.</summary>
internal sealed class Mailbox(string address, string displayName, MailboxKind kind)
{
    public string Id { get; } = Guid.NewGuid().ToString();
    public string Address { get; } = address;
    public string DisplayName { get; set; } = displayName;
    public MailboxKind Kind { get; } = kind;
    public bool OutsideAppScope { get; set; }

    // calendar-get.md / concepts/outlook-calendar-online-meetings.md: the calendar lists the providers it allows.
    public List<string> AllowedOnlineMeetingProviders { get; set; } = ["teamsForBusiness"];
    public string DefaultOnlineMeetingProvider { get; set; } = "teamsForBusiness";
    public string CalendarId { get; } = Ids.New("AAMkCal");
    public string CalendarChangeKey { get; } = Ids.ChangeKey();

    public JsonObject? Business { get; set; }
    public List<JsonObject> StaffMembers { get; } = [];
    public List<JsonObject> Services { get; } = [];

    public Dictionary<string, Folder> MailFolders { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Folder> ContactFolders { get; } = new(StringComparer.Ordinal);
    public string DefaultContactFolderId { get; } = Ids.New("AAMkCF");
    public Dictionary<string, Item> Events { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Item> Messages { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Item> Contacts { get; } = new(StringComparer.Ordinal);

    /// <summary>Deleted events, for calendarView/delta's @removed entries.</summary>
    public List<Tombstone> DeletedEvents { get; } = [];
    /// <summary>Increases with every change of an event (delta watermarks).</summary>
    public long EventChangeSequence { get; set; }

    public List<SentMessage> Sent { get; } = [];
    public List<DateTimeOffset> SendTimes { get; } = [];
    public Queue<DateTimeOffset> RequestTimes { get; } = new();
}

internal sealed record Tombstone(string Id, long ChangeSequence, DateTimeOffset StartUtc, DateTimeOffset EndUtc);

/// <summary>A mail folder or a contact folder.</summary>
internal sealed class Folder(string id, string displayName, string parentFolderId, bool isHidden, string? wellKnownName = null)
{
    public string Id { get; } = id;
    public string DisplayName { get; set; } = displayName;
    public string ParentFolderId { get; } = parentFolderId;
    public bool IsHidden { get; } = isHidden;
    public string? WellKnownName { get; } = wellKnownName;
    public Dictionary<string, ExtendedProperty> Properties { get; } = new(StringComparer.Ordinal);
}

internal enum ItemKind
{
    Event,
    Message,
    Contact,
}

/// <summary>An event, a message or a contact: its writable properties as JSON plus what the server owns.</summary>
internal sealed class Item(ItemKind kind, string id, JsonObject data, DateTimeOffset created, long sequence)
{
    public ItemKind Kind { get; } = kind;
    public string Id { get; } = id;
    public JsonObject Data { get; set; } = data;
    public Dictionary<string, ExtendedProperty> Properties { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset Created { get; } = created;
    public DateTimeOffset LastModified { get; set; } = created;
    public long Sequence { get; } = sequence;
    public string ChangeKey { get; set; } = Ids.ChangeKey();
    public string? FolderId { get; set; }
    public string? TransactionId { get; set; }
    public string? ICalUId { get; set; }
    public DateTimeOffset StartUtc { get; set; }
    public DateTimeOffset EndUtc { get; set; }
    public long ChangeSequence { get; set; }
    /// <summary>When the self-rotation of the change key is due (see GraphEmulatorOptions.ChangeKeyRotationAfterCreate).</summary>
    public DateTimeOffset? RotateAt { get; set; }
    public bool RotateOnRealClock { get; set; }
    public int PatchCount { get; set; }
    /// <summary>For a meeting copy in an attendee's calendar: the organizer's mailbox and event id.</summary>
    public (string Mailbox, string EventId)? CopyOf { get; set; }
}

/// <summary>A single-value extended property: id as first written, its parsed form, and its value (always a string on the wire).</summary>
internal sealed record ExtendedProperty(string Id, ExtendedPropertyId Parsed, string Value);

/// <summary>A message given to sendMail, as the tests see it.</summary>
public sealed record SentMessage(string Mailbox, JsonObject Message, IReadOnlyList<string> Recipients,
    IReadOnlyList<SentAttachment> Attachments, bool SaveToSentItems, bool Deferred, DateTimeOffset At);

/// <summary>A file attachment of a sent message (fileAttachment: name, contentType, contentBytes decoded).</summary>
public sealed record SentAttachment(string Name, string? ContentType, byte[] Content);

internal static class Ids
{
    private static long _counter;

    /// <summary>An Exchange-looking id: URL-safe base64 with '=' padding, as real ids end (event.md examples).</summary>
    public static string New(string prefix)
    {
        var n = Interlocked.Increment(ref _counter);
        var bytes = new byte[30];
        BitConverter.TryWriteBytes(bytes, n);
        Guid.NewGuid().TryWriteBytes(bytes.AsSpan(8));
        var tail = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        return $"{prefix}{tail}AAA=";
    }

    /// <summary>A change key as Exchange writes them (standard base64, e.g. "EZ9r3czxY0m2jz8c45czkwAAFXcvIQ==").</summary>
    public static string ChangeKey() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());
}
