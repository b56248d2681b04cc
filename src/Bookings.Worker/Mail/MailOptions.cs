using Bookings.Hosting;
using MimeKit;

namespace Bookings.Worker.Mail;

/// <summary>Settings under "Mail".</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Mail:Channel value: write .eml files to <see cref="PickupDirectory"/>.</summary>
    public const string PickupChannel = "Pickup";

    /// <summary>Mail:Channel value: Microsoft Graph <c>users/{mailbox}/sendMail</c>, sent as the calendar's scheduling mailbox.</summary>
    public const string GraphChannel = "Graph";

    /// <summary>Mail:Channel value: an SMTP server (Mail:Smtp, <see cref="SmtpOptions"/>), sent from <see cref="From"/>.</summary>
    public const string SmtpChannel = "Smtp";

    /// <summary>
    /// How mail leaves: <see cref="PickupChannel"/>, <see cref="GraphChannel"/> or <see cref="SmtpChannel"/>
    /// (case-insensitive). Empty: Graph when Store:Provider is Graph, else Pickup. Graph needs Store:Provider=Graph;
    /// Smtp works with any store and needs Mail:Smtp:Host.
    /// </summary>
    public string Channel { get; set; } = "";

    /// <summary>
    /// The sender address when the calendar's own mailbox cannot be (see <see cref="UseCalendarAddress"/>); the calendar's
    /// name is the display name and the business's address the Reply-To.
    /// </summary>
    public string From { get; set; } = "bookings@localhost";

    /// <summary>
    /// Send as the calendar's mailbox address (as Microsoft Bookings does) when it is a deliverable address; the embedded
    /// store's placeholder addresses (…@bookings.local) and reserved domains fall back to <see cref="From"/>. Turn off when
    /// the mail server may only send as <see cref="From"/>.
    /// </summary>
    public bool UseCalendarAddress { get; set; } = true;

    private static readonly string[] ReservedSuffixes = [".local", ".localhost", ".invalid", ".test", ".example", ".internal"];

    /// <summary>The From address of a calendar's email: its mailbox when allowed and deliverable, else <see cref="From"/>.</summary>
    public string SenderFor(string? mailboxId)
    {
        if (!UseCalendarAddress || mailboxId is null || !Core.Calendars.EmailAddress.IsValid(mailboxId)) return From;
        var domain = mailboxId[(mailboxId.LastIndexOf('@') + 1)..].ToLowerInvariant();
        return domain == "localhost" || !domain.Contains('.') || ReservedSuffixes.Any(s => domain.EndsWith(s, StringComparison.Ordinal)) ? From : mailboxId;
    }

    /// <summary>Where .eml files are written; empty: {Store:DataDirectory}/mail.</summary>
    public string PickupDirectory { get; set; } = "";

    public string ResolvePickupDirectory(StoreOptions store) =>
        string.IsNullOrWhiteSpace(PickupDirectory)
            ? Path.Combine(StoreHosting.ResolveDataDirectory(store.DataDirectory), "mail")
            : Path.GetFullPath(PickupDirectory);

    /// <summary>
    /// The channel Mail:Channel selects for the store named by <paramref name="storeProvider"/> (the raw
    /// Store:Provider setting): <see cref="PickupChannel"/>, <see cref="GraphChannel"/>, <see cref="SmtpChannel"/>,
    /// or null for an unknown value.
    /// </summary>
    public static string? ResolveChannel(string? channel, string? storeProvider)
    {
        if (string.IsNullOrWhiteSpace(channel)) return IsGraphStore(storeProvider) ? GraphChannel : PickupChannel;
        var value = channel.Trim();
        if (value.Equals(PickupChannel, StringComparison.OrdinalIgnoreCase)) return PickupChannel;
        if (value.Equals(GraphChannel, StringComparison.OrdinalIgnoreCase)) return GraphChannel;
        if (value.Equals(SmtpChannel, StringComparison.OrdinalIgnoreCase)) return SmtpChannel;
        return null;
    }

    /// <summary>Whether Store:Provider selects the Microsoft 365 store (compared as StoreHosting does).</summary>
    public static bool IsGraphStore(string? storeProvider) => Hosting.StoreHosting.IsMicrosoft365(storeProvider);

    /// <summary>A bare address (local@domain, no display name, no spaces); a host name without dots such as localhost is allowed.</summary>
    public static bool IsSenderAddress(string? value) =>
        value is { Length: > 2 and <= 254 }
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';')
        && value.IndexOf('@') is var at && at > 0 && at < value.Length - 1 && value.IndexOf('@', at + 1) < 0
        && MailboxAddress.TryParse(value, out var parsed) && parsed.Address == value;
}

/// <summary>
/// Checks "Mail" at start; every failure names its setting. <paramref name="storeProvider"/> is Store:Provider, which Mail:Channel
/// follows when empty.
/// </summary>
public sealed class MailOptionsValidator(string? storeProvider) : Microsoft.Extensions.Options.IValidateOptions<MailOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!MailOptions.IsSenderAddress(options.From)) failures.Add("Mail:From must be a plain email address such as bookings@example.com.");
        if (options.PickupDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0) failures.Add("Mail:PickupDirectory is not a valid path.");
        var channel = MailOptions.ResolveChannel(options.Channel, storeProvider);
        if (channel is null)
            failures.Add("Mail:Channel must be Pickup, Graph or Smtp (or empty: Graph on the Microsoft 365 store, else Pickup).");
        if (channel == MailOptions.GraphChannel && !MailOptions.IsGraphStore(storeProvider))
            failures.Add("Mail:Channel=Graph needs the Microsoft 365 store (Store:Provider=Graph): mail is sent as the calendar's scheduling mailbox.");
        return failures.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);
    }
}
