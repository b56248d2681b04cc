using Bookings.Hosting;
using MimeKit;

namespace Bookings.Worker.Mail;

/// <summary>Settings under "Mail".</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The sender address of every email; the calendar's name is its display name and its mailbox the Reply-To.</summary>
    public string From { get; set; } = "bookings@localhost";

    /// <summary>Where .eml files are written; empty: {Store:DataDirectory}/mail.</summary>
    public string PickupDirectory { get; set; } = "";

    public string ResolvePickupDirectory(StoreOptions store) =>
        string.IsNullOrWhiteSpace(PickupDirectory)
            ? Path.Combine(StoreHosting.ResolveDataDirectory(store.DataDirectory), "mail")
            : Path.GetFullPath(PickupDirectory);

    /// <summary>A bare address (local@domain, no display name, no spaces); a host name without dots such as localhost is allowed.</summary>
    public static bool IsSenderAddress(string? value) =>
        value is { Length: > 2 and <= 254 }
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';')
        && value.IndexOf('@') is var at && at > 0 && at < value.Length - 1 && value.IndexOf('@', at + 1) < 0
        && MailboxAddress.TryParse(value, out var parsed) && parsed.Address == value;
}
