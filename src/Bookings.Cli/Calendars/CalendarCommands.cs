using System.CommandLine;
using System.Text.Json;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Worker.Sync.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Cli.Calendars;

/// <summary>`bookings calendars create|import|clone|export|list|delete`: calendar documents in and out of the store.</summary>
internal static class CalendarCommands
{
    public static Command Create() => new("calendars", "Create, import, clone, export, list and delete booking calendars.")
    {
        New(),
        Import(),
        Clone(),
        Export(),
        List(),
        Delete(),
    };

    /// <summary>Why `calendars create` needs --mailbox on Microsoft 365, and the two ways to get a mailbox (one line).</summary>
    internal const string CannotCreateMailboxes =
        "The Microsoft 365 store cannot create mailboxes (Microsoft Graph lets only a signed-in administrator create a booking business, not the app). " +
        "Either create the calendar in the admin app (New calendar > Create a scheduling mailbox, signed in with Microsoft), " +
        "or adopt an existing mailbox: a shared mailbox (New-Mailbox -Shared) or a scheduling mailbox made in Microsoft Bookings, put in the app's scope " +
        "(infra/exchange-scope.ps1 -Mailboxes ADDRESS), with: bookings calendars create SLUG --name NAME --mailbox ADDRESS.";

    private static Command New()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug (its booking page is /book/SLUG)." };
        var name = new Option<string>("--name") { Description = "The business name customers see.", Required = true };
        var zone = new Option<string>("--time-zone") { Description = "The business time zone (IANA or Windows id).", DefaultValueFactory = _ => "UTC" };
        var mailbox = new Option<string?>("--mailbox")
        {
            Description = "The existing mailbox to adopt as the calendar, by address. Required on the Microsoft 365 store, which cannot create mailboxes: " +
                          "a shared mailbox or a scheduling mailbox made in Microsoft Bookings, in the app's Exchange scope (infra/exchange-scope.ps1). " +
                          "The embedded store takes it as the new calendar's address.",
            HelpName = "ADDRESS",
        };
        var command = new Command("create", "Create a calendar with a starter document: Monday–Friday 09:00–17:00 and one 30-minute service; " +
            "export it, edit it and import it with --replace to finish. On Microsoft 365 it adopts the mailbox given with --mailbox.") { slug, name, zone, mailbox };
        command.SetAction(async (r, ct) =>
        {
            var address = r.GetValue(mailbox); // not trimmed: an address with a control character is refused, never cut (CalendarValidator)
            var document = StarterCalendar.Build(r.GetValue(slug)!, r.GetValue(name)!, r.GetValue(zone)!, address);
            RefuseReserved(document.Slug);
            var problems = CalendarValidator.Validate(document);
            if (problems.Count > 0) throw new CliException($"The calendar cannot be created: {string.Join("; ", problems)}");

            await using var store = await CliStore.OpenAsync(r, ct);
            if (store.IsMicrosoft365 && address is null) throw new CliException(CannotCreateMailboxes);
            if (await store.Store.GetMailboxBySlugAsync(document.Slug, ct) is not null)
                throw new CliException($"A calendar with slug '{document.Slug}' already exists.");
            Mailbox stored;
            try
            {
                stored = await store.Store.CreateMailboxAsync(document, ct);
            }
            catch (MailboxAccessPendingException pending)
            {
                throw new CliException($"The calendar '{document.Slug}' is registered, but the app may not open the mailbox {pending.Mailbox} yet. " +
                    $"IT runs: {ExchangeScope.Command([pending.Mailbox], store.GraphClientId)} (infra/entra-app.md); the calendar appears once the app can read the mailbox.");
            }
            await store.AuditAsync(stored.Id, "calendar.create", stored.Slug, address is null ? null : $"adopted mailbox: {stored.Id}", ct);
            Write(r, new ImportResult(stored.Id, stored.Slug, stored.Version));
            return CliApp.Success;
        });
        return command;
    }

    // The admin app's routes use these words under /admin/: a calendar named so could not be opened there.
    private static void RefuseReserved(string slug)
    {
        if (CalendarValidator.ReservedSlugs.Contains(slug))
            throw new CliException($"The slug '{slug}' is reserved for the admin app's own pages ({string.Join(", ", CalendarValidator.ReservedSlugs.Order(StringComparer.Ordinal))}); choose another.");
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "A calendar document (JSON)." };
        var replace = new Option<bool>("--replace") { Description = "Replace the calendar with the same slug if it exists." };
        var command = new Command("import", "Import a calendar document; prints the stored calendar's id, slug and version.") { file, replace };
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file)!;
            var document = Read(path);
            var problems = CalendarValidator.Validate(document).ToList();
            problems.AddRange(FeedProblems(document, CliStore.Configuration(r)).Where(f => problems.TrueForAll(p => p.Path != f.Path)));
            if (problems.Count > 0)
                throw new CliException($"{path} is not a valid calendar document: {string.Join("; ", problems)}");

            await using var store = await CliStore.OpenAsync(r, ct);
            var existing = await store.Store.GetMailboxBySlugAsync(document.Slug, ct);
            Mailbox stored;
            string? details = null;
            if (existing is null)
            {
                RefuseReserved(document.Slug);
                stored = await store.Store.CreateMailboxAsync(document, ct);
            }
            else if (!r.GetValue(replace))
            {
                throw new CliException($"A calendar with slug '{document.Slug}' already exists; use --replace to replace it.");
            }
            else
            {
                // The slug names the calendar; its mailbox address stays what it is.
                if (document.Id is { } id && !string.Equals(id, existing.Id, StringComparison.OrdinalIgnoreCase))
                    throw new CliException($"{path} has id '{id}', but calendar '{document.Slug}' is the mailbox '{existing.Id}'; leave the id out or make it match.");
                document.Id = existing.Id;
                stored = await store.Store.UpdateMailboxAsync(existing.Id, document, existing.Version, ct);
                details = "replaced\n" + AuditDiff.Describe(existing.Document, stored.Document);
            }

            await store.AuditAsync(stored.Id, "calendar.import", stored.Slug, details, ct);
            Write(r, new ImportResult(stored.Id, stored.Slug, stored.Version));
            return CliApp.Success;
        });
        return command;
    }

    // The address-safety rules the sync applies to ICS feeds, as far as they need no network (the sync also checks what a
    // feed's host name resolves to): refused now rather than failing at every sync pass.
    private static IEnumerable<ValidationProblem> FeedProblems(CalendarDocument document, IConfiguration configuration)
    {
        var allowPrivate = configuration.GetValue<bool>($"{FeedOptions.Section}:{nameof(FeedOptions.AllowPrivateAddresses)}");
        for (var i = 0; i < document.StaffMembers.Count; i++)
            if (document.StaffMembers[i].IcsFeedUrl is { } feed && FeedAddresses.Problem(feed, allowPrivate) is { } refused)
                yield return new ValidationProblem($"staffMembers[{i}].icsFeedUrl", $"this address is not allowed: {refused}");
    }

    private static Command Clone()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar to copy." };
        var newSlug = new Argument<string>("NEWSLUG") { Description = "The new calendar's slug (its booking page is /book/NEWSLUG)." };
        var name = new Option<string?>("--name") { Description = "The new calendar's business name (default: the source's name and \"(copy)\")." };
        var command = new Command("clone", "Copy a calendar's configuration (services, staff and their roles, questions, hours, policy, booking page settings, " +
            "templates) into a new calendar; appointments, customers, time off, ICS feed URLs and open invitations are not copied. " +
            "The copy starts unpublished.") { slug, newSlug, name };
        command.SetAction(async (r, ct) =>
        {
            var from = r.GetValue(slug)!;
            var to = r.GetValue(newSlug)!;
            if (!CalendarValidator.IsValidSlug(to))
                throw new CliException($"'{to}' is not a valid slug: use 1-64 lowercase letters, digits or hyphens, starting and ending with a letter or digit.");
            RefuseReserved(to);

            await using var store = await CliStore.OpenAsync(r, ct);
            var source = await store.Store.GetMailboxBySlugAsync(from, ct)
                ?? throw new CliException($"There is no calendar with slug '{from}'.");
            if (await store.Store.GetMailboxBySlugAsync(to, ct) is not null)
                throw new CliException($"A calendar with slug '{to}' already exists.");

            var document = CalendarClone.Copy(source.Document, to, r.GetValue(name) ?? $"{source.DisplayName} (copy)");
            var problems = CalendarValidator.Validate(document);
            if (problems.Count > 0) throw new CliException($"The copy cannot be created: {string.Join("; ", problems)}");
            var stored = await store.Store.CreateMailboxAsync(document, ct);
            await store.AuditAsync(stored.Id, "calendar.clone", stored.Slug, $"cloned from {source.Slug} ({source.Id})", ct);
            Write(r, new ImportResult(stored.Id, stored.Slug, stored.Version));
            return CliApp.Success;
        });
        return command;
    }

    private static Command Export()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var secrets = new Option<bool>("--include-secrets") { Description = "Keep staff members' ICS feed URLs (secrets) in the document." };
        var command = new Command("export", "Print a calendar's document (JSON).") { slug, secrets };
        command.SetAction(async (r, ct) =>
        {
            var wanted = r.GetValue(slug)!;
            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.FindCalendarAsync(wanted, ct);

            var document = CalendarJson.Clone(mailbox.Document);
            document.Id = mailbox.Id;
            if (!r.GetValue(secrets))
                foreach (var staff in document.StaffMembers) (staff.IcsFeedUrl, staff.InvitationTokenHash) = (null, null);

            r.InvocationConfiguration.Output.WriteLine(CalendarJson.Serialize(document));
            return CliApp.Success;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the calendars (id, slug, display name, recipient type, how many services and staff members), then the " +
            "calendars whose mailbox the app may not read (Microsoft 365), with the reason and the fix: {\"calendars\": [...], \"unreachable\": [...]}.");
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var rows = (await store.Store.ListMailboxesAsync(ct))
                .OrderBy(m => m.Slug, StringComparer.Ordinal)
                .Select(m => new CalendarSummary(m.Id, m.Slug, m.DisplayName, m.RecipientType, m.Document.Services.Count, m.Document.StaffMembers.Count))
                .ToList();
            // Read after the listing, which is what finds them.
            var unreachable = (store.Services.GetService<IMailboxReachability>()?.UnreachableMailboxes ?? [])
                .Select(u => new UnreachableCalendar(u.Mailbox, u.Reason, ExchangeScope.Command([u.Mailbox], store.GraphClientId)))
                .ToList();
            Write(r, new CalendarList(rows, unreachable));
            return CliApp.Success;
        });
        return command;
    }

    private static Command Delete()
    {
        var calendar = new Argument<string>("CALENDAR") { Description = "The calendar's slug, or its mailbox address (also for a calendar whose mailbox the app may not read)." };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (required: there is no undo)." };
        var command = new Command("delete", "Delete a calendar. On Microsoft 365 the app forgets it (its directory entry and its hidden folder with the " +
            "document, messages and audit log); Exchange keeps the mailbox and its calendar's events until IT removes the mailbox (docs/admin.md). " +
            "The embedded store deletes the calendar with its appointments, customers and messages.") { calendar, yes };
        command.SetAction(async (r, ct) =>
        {
            var wanted = r.GetValue(calendar)!;
            if (!r.GetValue(yes)) throw new CliException($"Deleting a calendar cannot be undone: run again with --yes to delete '{wanted}'.");
            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.Store.GetMailboxBySlugAsync(wanted, ct);
            var id = mailbox?.Id ?? (wanted.Contains('@', StringComparison.Ordinal) ? wanted : null)
                ?? throw new CliException($"There is no calendar with slug '{wanted}' (one whose mailbox the app may not read is deleted by its address, " +
                    "as `bookings calendars list` shows it under unreachable).");
            // The embedded store keeps the audit log of a deleted calendar; on Microsoft 365 it lives in the hidden folder that goes.
            if (mailbox is not null && !store.IsMicrosoft365) await store.AuditAsync(mailbox.Id, "calendar.delete", mailbox.Slug, null, ct);
            if (!await store.Store.DeleteMailboxAsync(id, ct)) throw new CliException($"There is no calendar '{wanted}'.");
            var note = store.IsMicrosoft365 ? CalendarRemoval.Microsoft365Note(id) : CalendarRemoval.EmbeddedNote;
            Write(r, new DeleteResult(id, mailbox?.Slug, note));
            return CliApp.Success;
        });
        return command;
    }

    private static CalendarDocument Read(string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: no such file.");
        try
        {
            return CalendarJson.Parse(File.ReadAllText(path));
        }
        catch (CalendarDocumentException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    private static void Write<T>(ParseResult r, T value) =>
        r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(value, CalendarJson.Options));

    private sealed record ImportResult(string Id, string Slug, string Version);

    private sealed record CalendarSummary(string Id, string Slug, string DisplayName, string RecipientType, int Services, int Staff);

    private sealed record UnreachableCalendar(string Mailbox, string Reason, string Fix);

    private sealed record CalendarList(IReadOnlyList<CalendarSummary> Calendars, IReadOnlyList<UnreachableCalendar> Unreachable);

    private sealed record DeleteResult(string Id, string? Slug, string Note);
}
