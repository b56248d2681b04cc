using System.Text.Json;
using Bookings.Core.Calendars;
using Bookings.Core.Demo;
using Bookings.Core.Store;
using Bookings.Store.Sqlite;

namespace Bookings.Web.Tests.Cli;

/// <summary>`bookings calendars clone`, and the audit entries of create, import and clone (actor "cli:" and the OS user).</summary>
public sealed class CalendarCloneCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bookings-cli-").FullName;
    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(DataDir, TimeProvider.System, args);

    private static string Actor => "cli:" + Environment.UserName;

    private async Task ImportDemoAsync(Action<CalendarDocument>? change = null)
    {
        var doc = DemoCalendar.Create();
        change?.Invoke(doc);
        var path = Path.Combine(_root, "contoso.json");
        await File.WriteAllTextAsync(path, CalendarJson.Serialize(doc));
        var r = await Run("calendars", "import", path);
        Assert.Equal(0, r.Code);
    }

    private SqliteBookingStore OpenStore() => new(Path.GetFullPath(DataDir), TimeProvider.System);

    private static async Task<IReadOnlyList<Bookings.Core.Admin.AuditEntry>> AuditAsync(IBookingStore store, string mailboxId) =>
        await store.ListAuditAsync(mailboxId, TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1), 100);

    private static void AssertFailed((int Code, string Out, string Err) r, string message)
    {
        Assert.NotEqual(0, r.Code);
        Assert.Equal("", r.Out);
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bookings: ", line);
        Assert.Contains(message, line);
    }

    [Fact]
    public async Task CloneCopiesTheConfigurationWithoutSecretsAndPrintsTheNewCalendar()
    {
        await ImportDemoAsync(doc =>
        {
            doc.StaffMembers[0].IcsFeedUrl = "https://calendar.example.com/anna.ics";
            doc.StaffMembers[1].InvitationTokenHash = "aGFzaA";
        });

        var r = await Run("calendars", "clone", "contoso", "contoso-krakow", "--name", "Contoso Kraków");

        Assert.Equal(0, r.Code);
        Assert.Equal("", r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("contoso-krakow", json.GetProperty("slug").GetString());
        Assert.Equal("contoso-krakow@bookings.local", json.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));

        using var store = OpenStore();
        var source = (await store.GetMailboxBySlugAsync("contoso"))!;
        var copy = (await store.GetMailboxBySlugAsync("contoso-krakow"))!;
        Assert.Equal("Contoso Kraków", copy.DisplayName);
        Assert.Equal(source.Document.Services.Select(s => s.Id), copy.Document.Services.Select(s => s.Id));
        Assert.Equal(source.Document.StaffMembers.Select(s => (s.Id, s.Role)), copy.Document.StaffMembers.Select(s => (s.Id, s.Role)));
        Assert.All(copy.Document.StaffMembers, s => Assert.Null(s.IcsFeedUrl));
        Assert.All(copy.Document.StaffMembers, s => Assert.Null(s.InvitationTokenHash));
        Assert.False(copy.Document.IsPublished);
        Assert.Equal("https://calendar.example.com/anna.ics", source.Document.StaffMembers[0].IcsFeedUrl);

        var audit = Assert.Single(await AuditAsync(store, copy.Id));
        Assert.Equal(("calendar.clone", Actor, "contoso-krakow"), (audit.Action, audit.Actor, audit.Target));
        Assert.Contains("contoso", audit.Details);
    }

    [Fact]
    public async Task WithoutANameTheCopyIsNamedAfterTheSource()
    {
        await ImportDemoAsync();
        Assert.Equal(0, (await Run("calendars", "clone", "contoso", "copy")).Code);

        using var store = OpenStore();
        Assert.Equal("Contoso Consulting (copy)", (await store.GetMailboxBySlugAsync("copy"))!.DisplayName);
    }

    [Fact]
    public async Task AnUnknownSourceATakenSlugAndAnInvalidSlugAreOneLineErrors()
    {
        await ImportDemoAsync();
        AssertFailed(await Run("calendars", "clone", "nosuch", "copy"), "There is no calendar with slug 'nosuch'.");
        AssertFailed(await Run("calendars", "clone", "contoso", "contoso"), "A calendar with slug 'contoso' already exists.");
        AssertFailed(await Run("calendars", "clone", "contoso", "Not A Slug"), "'Not A Slug' is not a valid slug");
        AssertFailed(await Run("calendars", "clone", "contoso", "audit"), "The slug 'audit' is reserved for the admin app's own pages");
        AssertFailed(await Run("calendars", "create", "new", "--name", "New"), "The slug 'new' is reserved for the admin app's own pages");

        using var store = OpenStore();
        Assert.Single(await store.ListMailboxesAsync());
    }

    [Fact]
    public async Task CreateAndImportAreAudited()
    {
        Assert.Equal(0, (await Run("calendars", "create", "frontdesk", "--name", "Front Desk")).Code);
        await ImportDemoAsync();
        var path = Path.Combine(_root, "contoso.json");
        Assert.Equal(0, (await Run("calendars", "import", path, "--replace")).Code);

        using var store = OpenStore();
        var frontdesk = (await store.GetMailboxBySlugAsync("frontdesk"))!;
        var created = Assert.Single(await AuditAsync(store, frontdesk.Id));
        Assert.Equal(("calendar.create", Actor, "frontdesk"), (created.Action, created.Actor, created.Target));
        Assert.Equal("Appointment", Assert.Single(frontdesk.Document.Services).DisplayName);

        var contoso = (await store.GetMailboxBySlugAsync("contoso"))!;
        var imports = await AuditAsync(store, contoso.Id);
        Assert.Equal(2, imports.Count);
        Assert.All(imports, e => Assert.Equal(("calendar.import", Actor), (e.Action, e.Actor)));
        Assert.Contains(imports, e => e.Details.StartsWith("replaced", StringComparison.Ordinal));
    }
}
