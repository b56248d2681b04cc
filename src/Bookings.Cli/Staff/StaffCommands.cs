using System.CommandLine;
using System.Text.Json;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Cli.Staff;

/// <summary>`bookings staff invite`: invite a staff member to a calendar by email; the links accept or decline it.</summary>
internal static class StaffCommands
{
    public static Command Create() => new("staff", "Invite staff members to a calendar.")
    {
        Invite(),
    };

    private static Command Invite()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var staffId = new Argument<string>("STAFF_ID") { Description = "The staff member's id (they need an email address in the calendar document)." };
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = "The public address of the booking site for the links (default: the PublicBaseUrl setting).",
            HelpName = "URL",
        };
        var command = new Command("invite",
            "Email the staff member an invitation; their membership is pendingAcceptance until they accept (active) or decline (rejected).")
        {
            slug, staffId, baseUrl,
        };
        command.SetAction(async (r, ct) =>
        {
            var root = (r.GetValue(baseUrl) ?? Environment.GetEnvironmentVariable("PublicBaseUrl"))?.TrimEnd('/');
            if (root is null || !Uri.TryCreate(root, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http"))
                throw new CliException("--base-url (or the PublicBaseUrl setting) must be the site's http(s) address, such as https://book.contoso.com.");
            // The links are sealed with the key ring the web app and the worker share (Store:DataDirectory/keys), which opens them as the email leaves.
            await using var store = await CliStore.OpenAsync(r, ct, configure: (services, _) => services.AddBookingsDataProtection());
            var mailbox = await store.FindCalendarAsync(r.GetValue(slug)!, ct);
            var id = r.GetValue(staffId)!;
            if (mailbox.Document.FindStaff(id) is not { } staff) throw new CliException($"Calendar '{mailbox.Slug}' has no staff member '{id}'.");
            if (!EmailAddress.IsValid(staff.EmailAddress)) throw new CliException($"Staff member '{id}' has no email address to send the invitation to.");
            var invitations = new StaffInvitations(store.Store, store.Store, new NotificationComposer(), store.Services.GetRequiredService<IInvitationLinkProtector>(), store.Time);
            var updated = await invitations.InviteAsync(mailbox, id, StaffAdministration.InvitationLinks(root, mailbox.Slug, id), ct);
            var invited = updated.Document.FindStaff(id)!;
            await store.AuditAsync(updated.Id, "staff.invite", id, "invitation sent", ct);
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(
                new { slug = updated.Slug, staffId = id, email = invited.EmailAddress, membershipStatus = invited.MembershipStatus, invitedAt = invited.InvitedAt },
                CalendarJson.Options));
            return CliApp.Success;
        });
        return command;
    }
}
