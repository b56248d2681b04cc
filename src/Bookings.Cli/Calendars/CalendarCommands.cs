using System.CommandLine;
using System.Text.Json;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Worker.Sync.Feeds;
using Microsoft.Extensions.Configuration;

namespace Bookings.Cli.Calendars;

/// <summary>`bookings calendars create|import|clone|export|list`: calendar documents in and out of the store.</summary>
internal static class CalendarCommands
{
    public static Command Create() => new("calendars", "Create, import, clone, export and list booking calendars.")
    {
        New(),
        Import(),
        Clone(),
        Export(),
        List(),
    };

    private static Command New()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug (its booking page is /book/SLUG)." };
        var name = new Option<string>("--name") { Description = "The business name customers see.", Required = true };
        var zone = new Option<string>("--time-zone") { Description = "The business time zone (IANA or Windows id).", DefaultValueFactory = _ => "UTC" };
        var mailbox = new Option<string?>("--mailbox")
        {
            Description = "Adopt this existing mailbox (on Microsoft 365: a shared mailbox; also list it in Graph:AdoptedMailboxes) " +
                          "instead of creating a scheduling mailbox.",
        };
        var command = new Command("create", "Create a calendar (a scheduling mailbox) with a starter document: Monday–Friday 09:00–17:00 and one 30-minute service; " +
            "export it, edit it and import it with --replace to finish.") { slug, name, zone, mailbox };
        command.SetAction(async (r, ct) =>
        {
            var address = r.GetValue(mailbox);
            var document = StarterCalendar.Build(r.GetValue(slug)!, r.GetValue(name)!, r.GetValue(zone)!, address);
            RefuseReserved(document.Slug);
            var problems = CalendarValidator.Validate(document);
            if (problems.Count > 0) throw new CliException($"The calendar cannot be created: {string.Join("; ", problems)}");

            KeyValuePair<string, string?>[] adopt = address is null ? [] : [new("Graph:AdoptedMailboxes:999", address)];
            await using var store = await CliStore.OpenAsync(r, ct, adopt);
            if (await store.Store.GetMailboxBySlugAsync(document.Slug, ct) is not null)
                throw new CliException($"A calendar with slug '{document.Slug}' already exists.");
            var stored = await store.Store.CreateMailboxAsync(document, ct);
            await store.AuditAsync(stored.Id, "calendar.create", stored.Slug, null, ct);
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
        var command = new Command("list", "List the calendars: id, slug, display name, recipient type, and how many services and staff members each has.");
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var rows = (await store.Store.ListMailboxesAsync(ct))
                .OrderBy(m => m.Slug, StringComparer.Ordinal)
                .Select(m => new CalendarSummary(m.Id, m.Slug, m.DisplayName, m.RecipientType, m.Document.Services.Count, m.Document.StaffMembers.Count))
                .ToList();
            Write(r, rows);
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
}
