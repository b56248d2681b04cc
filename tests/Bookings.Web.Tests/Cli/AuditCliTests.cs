using System.Text.Json;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Demo;
using Bookings.Store.Sqlite;

namespace Bookings.Web.Tests.Cli;

/// <summary>
/// `bookings audit mailboxes` (table, JSON, TSV: every mailbox and who holds which role, tenant admins included) and
/// `bookings audit log` (the admin changes, newest first, filtered by calendar and dates), and the audit entries of `users`.
/// </summary>
public sealed class AuditCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bookings-cli-").FullName;
    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(DataDir, TimeProvider.System, args);

    private async Task ImportDemo()
    {
        var path = Path.Combine(_root, "contoso.json");
        await File.WriteAllTextAsync(path, DemoCalendar.Json());
        Assert.Equal(0, (await Run("calendars", "import", path)).Code);
    }

    private async Task ChangeAsync(Action<CalendarDocument> change)
    {
        using var store = new SqliteBookingStore(Path.GetFullPath(DataDir), TimeProvider.System);
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        var doc = CalendarJson.Clone(mailbox.Document);
        change(doc);
        await store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
    }

    private async Task AppendAsync(AuditEntry entry)
    {
        using var store = new SqliteBookingStore(Path.GetFullPath(DataDir), TimeProvider.System);
        await store.AppendAuditAsync(entry);
    }

    private async Task<string> ContosoIdAsync()
    {
        using var store = new SqliteBookingStore(Path.GetFullPath(DataDir), TimeProvider.System);
        return (await store.GetMailboxBySlugAsync("contoso"))!.Id;
    }

    private static string[][] Tsv(string text) => [.. text.TrimEnd('\n').Split('\n').Select(l => l.Split('\t'))];

    private static readonly string[] MailboxHeader = ["Mailbox", "Slug", "Calendar", "Recipient type", "Published", "Address", "Name", "Role", "Status"];

    [Fact]
    public async Task MailboxesInTheThreeFormats()
    {
        await ImportDemo();

        var table = await Run("audit", "mailboxes");
        Assert.Equal(0, table.Code);
        Assert.Equal("", table.Err);
        var lines = table.Out.TrimEnd('\n').Split('\n');
        Assert.StartsWith("Mailbox", lines[0]);
        Assert.Matches("^-+  -+", lines[1]);
        Assert.Contains(lines, l => l.Contains("anna@contoso.example") && l.Contains("administrator") && l.Contains("scheduling"));
        Assert.Contains(lines, l => l.Contains("piotr@contoso.example") && l.Contains("teamMember"));

        var tsv = await Run("audit", "mailboxes", "--tsv");
        Assert.Equal(0, tsv.Code);
        var rows = Tsv(tsv.Out);
        Assert.Equal(MailboxHeader, rows[0]);
        Assert.All(rows, r => Assert.Equal(MailboxHeader.Length, r.Length));
        var anna = rows.Single(r => r[5] == "anna@contoso.example");
        Assert.Equal(["contoso", "Contoso Consulting", "scheduling", "yes", "administrator", "active"], [anna[1], anna[2], anna[3], anna[4], anna[7], anna[8]]);
        Assert.Equal(3, rows.Count(r => r[1] == "contoso"));

        var json = await Run("audit", "mailboxes", "--json");
        Assert.Equal(0, json.Code);
        var mailboxes = JsonDocument.Parse(json.Out).RootElement;
        var contoso = Assert.Single(mailboxes.EnumerateArray());
        Assert.Equal("contoso", contoso.GetProperty("slug").GetString());
        Assert.Equal("scheduling", contoso.GetProperty("recipientType").GetString());
        Assert.True(contoso.GetProperty("published").GetBoolean());
        var roles = contoso.GetProperty("roles").EnumerateArray().ToDictionary(r => r.GetProperty("address").GetString()!, r => r.GetProperty("role").GetString());
        Assert.Equal("administrator", roles["anna@contoso.example"]);
        Assert.Equal("teamMember", roles["maria@contoso.example"]);

        var both = await Run("audit", "mailboxes", "--json", "--tsv");
        Assert.Equal(1, both.Code);
        Assert.Contains("either --json or --tsv", both.Err);
    }

    [Fact]
    public async Task ARoleChangeAndATenantAdminShowUp()
    {
        await ImportDemo();
        await ChangeAsync(d =>
        {
            d.StaffMembers.Single(s => s.EmailAddress == "piotr@contoso.example").Role = StaffRole.Scheduler;
            d.StaffMembers.Single(s => s.EmailAddress == "maria@contoso.example").MembershipStatus = MembershipStatus.PendingAcceptance;
        });
        Assert.Equal(0, (await Run("users", "add", "boss@contoso.example", "--name", "The Boss", "--tenant-admin")).Code);
        Assert.Equal(0, (await Run("users", "add", "clerk@contoso.example", "--name", "Clerk")).Code);

        var rows = Tsv((await Run("audit", "mailboxes", "--tsv")).Out);
        Assert.Equal("scheduler", rows.Single(r => r[5] == "piotr@contoso.example")[7]);
        Assert.Equal("pendingAcceptance", rows.Single(r => r[5] == "maria@contoso.example")[8]);
        var boss = rows.Single(r => r[5] == "boss@contoso.example");
        Assert.Equal(["The Boss", "tenantAdmin", "active"], boss[6..]);
        Assert.DoesNotContain(rows, r => r[5] == "clerk@contoso.example");
    }

    [Fact]
    public async Task HostileNamesDoNotBreakTheTsv()
    {
        await ImportDemo();
        await ChangeAsync(d =>
        {
            d.DisplayName = "=HYPERLINK(\"http://evil\")";
            d.StaffMembers.Single(s => s.EmailAddress == "piotr@contoso.example").DisplayName = "Piotr\tTab\nNew line\r\n+1";
        });

        var rows = Tsv((await Run("audit", "mailboxes", "--tsv")).Out);
        Assert.Equal(4, rows.Length);
        Assert.All(rows, r => Assert.Equal(MailboxHeader.Length, r.Length));
        Assert.All(rows.Skip(1), r => Assert.Equal("'=HYPERLINK(\"http://evil\")", r[2]));
        Assert.Equal("Piotr Tab New line +1", rows.Single(r => r[5] == "piotr@contoso.example")[6]);

        var table = (await Run("audit", "mailboxes")).Out.TrimEnd('\n').Split('\n');
        Assert.Equal(5, table.Length); // header, rule, three people: the names' line breaks did not add lines
        Assert.DoesNotContain('\t', string.Join("", table));
    }

    [Fact]
    public async Task TimeOffStaffInvitationsAndResendsFromTheCommandLineAreAudited()
    {
        await ImportDemo();
        var added = await Run("timeoff", "add", "contoso", "--staff", "anna", "--from", "2026-12-24T00:00:00+01:00", "--to", "2026-12-27T00:00:00+01:00");
        Assert.Equal(0, added.Code);
        var timeOffId = JsonDocument.Parse(added.Out).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(0, (await Run("timeoff", "remove", "contoso", timeOffId)).Code);
        Assert.Equal(0, (await Run("staff", "invite", "contoso", "piotr", "--base-url", "https://book.contoso.example")).Code);
        var message = JsonDocument.Parse((await Run("outbox", "list", "contoso")).Out).RootElement.EnumerateArray().First().GetProperty("id").GetString()!;
        Assert.Equal(0, (await Run("outbox", "resend", "contoso", message)).Code);

        var entries = JsonDocument.Parse((await Run("audit", "log", "--calendar", "contoso", "--json")).Out).RootElement.EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Target: e.GetProperty("target").GetString(), Actor: e.GetProperty("actor").GetString()))
            .ToList();
        Assert.Contains(("timeoff.add", timeOffId, "cli:" + Environment.UserName), entries);
        Assert.Contains(("timeoff.remove", timeOffId, "cli:" + Environment.UserName), entries);
        Assert.Contains(("staff.invite", "piotr", "cli:" + Environment.UserName), entries);
        Assert.Contains(("outbox.resend", message, "cli:" + Environment.UserName), entries);
    }

    [Fact]
    public async Task TheLogInTheThreeFormatsWithTheUsersCommandsEntries()
    {
        await ImportDemo();
        var id = await ContosoIdAsync();
        var now = TimeProvider.System.GetUtcNow();
        await AppendAsync(AuditEntry.Create(now.AddDays(-3), id, "anna@contoso.example", "service.update", "consult", "name: \"A\" → \"B\"\nprice: 1 → =2"));
        Assert.Equal(0, (await Run("users", "add", "boss@contoso.example", "--name", "Boss", "--tenant-admin")).Code);
        Assert.Equal(0, (await Run("users", "reset-password", "boss@contoso.example")).Code);

        var json = await Run("audit", "log", "--json");
        Assert.Equal(0, json.Code);
        var entries = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToList();
        // Newest first (calendars import may write an entry of its own between them).
        var actions = entries.Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["user.reset-password", "user.add"], actions[..2]);
        Assert.Equal("service.update", actions[^1]);
        Assert.Equal("cli:" + Environment.UserName, entries[0].GetProperty("actor").GetString());
        Assert.Equal("boss@contoso.example", entries[0].GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("calendar").ValueKind);
        Assert.Equal("contoso", entries[^1].GetProperty("calendar").GetString());
        Assert.Equal("name: \"A\" → \"B\"\nprice: 1 → =2", entries[^1].GetProperty("details").GetString());

        var rows = Tsv((await Run("audit", "log", "--tsv")).Out);
        Assert.Equal(["At", "Calendar", "Actor", "Action", "Target", "Details"], rows[0]);
        Assert.Equal(entries.Count + 1, rows.Length);
        Assert.All(rows, r => Assert.Equal(6, r.Length));
        Assert.Equal("name: \"A\" → \"B\" price: 1 → =2", rows.Single(r => r[3] == "service.update")[5]);
        Assert.Equal("'=x", Tsv(await TsvOfDetailsAsync(id, "=x"))[1][5]);

        var table = (await Run("audit", "log")).Out;
        Assert.Contains("service.update", table);
        Assert.Contains("name: \"A\" → \"B\" / price: 1 → =2", table);

        // One calendar, and a date range (its business zone).
        var only = Tsv((await Run("audit", "log", "--calendar", "contoso", "--tsv")).Out);
        Assert.Equal(["service.update", "x.hostile"], only.Skip(1).Select(r => r[3]).Where(a => a != "calendar.import").Order());
        var ranged = Tsv((await Run("audit", "log", "--from", "2000-01-01", "--to", DateOnly.FromDateTime(now.AddDays(-2).UtcDateTime).ToString("yyyy-MM-dd"), "--tsv")).Out);
        Assert.Equal(["service.update"], ranged.Skip(1).Select(r => r[3]).Where(a => a != "calendar.import"));
        Assert.Equal(1, (await Run("audit", "log", "--calendar", "nope")).Code);
        Assert.Equal(1, (await Run("audit", "log", "--from", "2026-13-01")).Code);
    }

    private async Task<string> TsvOfDetailsAsync(string mailboxId, string details)
    {
        await AppendAsync(AuditEntry.Create(TimeProvider.System.GetUtcNow().AddMinutes(1), mailboxId, "x", "x.hostile", "t", details));
        return (await Run("audit", "log", "--calendar", "contoso", "--from", "2000-01-01", "--tsv")).Out;
    }
}
