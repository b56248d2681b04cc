using System.Text.Json;
using Bookings.Cli;
using Bookings.Core.Calendars;
using Bookings.Core.Demo;

namespace Bookings.Web.Tests.Cli;

// Runs `bookings` in-process against a real SQLite store in a fresh temporary data directory.
public sealed class CalendarCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bookings-cli-").FullName;
    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed record Result(int Code, string Out, string Err)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    private async Task<Result> Run(params string[] args)
    {
        var (code, stdout, stderr) = await CliRun.RunAsync(DataDir, TimeProvider.System, args);
        return new Result(code, stdout, stderr);
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteDocument(CalendarDocument doc, string name = "calendar.json") => WriteFile(name, CalendarJson.Serialize(doc));

    private string DemoFile() => WriteFile("contoso.json", DemoCalendar.Json());

    private static void AssertFailedWithOneLine(Result r, string expectedInMessage)
    {
        Assert.NotEqual(0, r.Code);
        Assert.Equal("", r.Out);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("bookings: ", lines[0]);
        Assert.Contains(expectedInMessage, lines[0]);
    }

    [Fact]
    public async Task ImportNewCalendarPrintsIdSlugAndVersion()
    {
        var r = await Run("calendars", "import", DemoFile());

        Assert.Equal(0, r.Code);
        Assert.Equal("", r.Err);
        Assert.Equal("contoso@bookings.local", r.Json.GetProperty("id").GetString());
        Assert.Equal("contoso", r.Json.GetProperty("slug").GetString());
        Assert.False(string.IsNullOrEmpty(r.Json.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task ListEmptyStorePrintsNoCalendarsAndSeedsNothing()
    {
        var r = await Run("calendars", "list");

        Assert.Equal(0, r.Code);
        Assert.Equal(0, r.Json.GetProperty("calendars").GetArrayLength());
        Assert.Equal(0, r.Json.GetProperty("unreachable").GetArrayLength()); // only Microsoft 365 has mailboxes the app may not read
    }

    [Fact]
    public async Task ListAfterImportDescribesTheCalendar()
    {
        await Run("calendars", "import", DemoFile());

        var r = await Run("calendars", "list");

        Assert.Equal(0, r.Code);
        var row = Assert.Single(r.Json.GetProperty("calendars").EnumerateArray());
        Assert.Equal("contoso@bookings.local", row.GetProperty("id").GetString());
        Assert.Equal("contoso", row.GetProperty("slug").GetString());
        Assert.Equal("Contoso Consulting", row.GetProperty("displayName").GetString());
        Assert.Equal("SchedulingMailbox", row.GetProperty("recipientType").GetString());
        Assert.Equal(2, row.GetProperty("services").GetInt32());
        Assert.Equal(3, row.GetProperty("staff").GetInt32());
    }

    [Fact]
    public async Task ExportAfterImportRoundTripsTheDocument()
    {
        await Run("calendars", "import", DemoFile());

        var r = await Run("calendars", "export", "contoso");

        Assert.Equal(0, r.Code);
        Assert.Equal("", r.Err);
        Assert.Equal(CalendarJson.Serialize(DemoCalendar.Create()), CalendarJson.Serialize(CalendarJson.Parse(r.Out)));
        Assert.Contains("\n  \"slug\": \"contoso\"", r.Out.ReplaceLineEndings("\n")); // indented
    }

    [Fact]
    public async Task ExportLeavesOutIcsFeedUrlsUnlessSecretsAreIncluded()
    {
        var doc = DemoCalendar.Create();
        doc.StaffMembers[0].IcsFeedUrl = "https://calendar.example/secret-token/basic.ics";
        await Run("calendars", "import", WriteDocument(doc));

        var plain = await Run("calendars", "export", "contoso");
        var withSecrets = await Run("calendars", "export", "contoso", "--include-secrets");

        Assert.Equal(0, plain.Code);
        Assert.DoesNotContain("secret-token", plain.Out);
        Assert.DoesNotContain("icsFeedUrl", plain.Out);
        Assert.Equal(0, withSecrets.Code);
        Assert.Equal("https://calendar.example/secret-token/basic.ics", CalendarJson.Parse(withSecrets.Out).StaffMembers[0].IcsFeedUrl);
    }

    [Fact]
    public async Task ImportExistingSlugWithoutReplaceFailsAndKeepsTheCalendar()
    {
        var file = DemoFile();
        var first = await Run("calendars", "import", file);
        var changed = DemoCalendar.Create();
        changed.DisplayName = "Changed";

        var r = await Run("calendars", "import", WriteDocument(changed));

        AssertFailedWithOneLine(r, "--replace");
        var list = (await Run("calendars", "list")).Json.GetProperty("calendars");
        Assert.Equal("Contoso Consulting", list[0].GetProperty("displayName").GetString());
        Assert.Equal(first.Json.GetProperty("id").GetString(), list[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ImportExistingSlugWithReplaceUpdatesTheCalendarAndItsVersion()
    {
        var first = await Run("calendars", "import", DemoFile());
        var changed = DemoCalendar.Create();
        changed.DisplayName = "Contoso Advisory";
        changed.Services.RemoveAt(1);

        var r = await Run("calendars", "import", WriteDocument(changed), "--replace");

        Assert.Equal(0, r.Code);
        Assert.Equal("", r.Err);
        Assert.Equal(first.Json.GetProperty("id").GetString(), r.Json.GetProperty("id").GetString());
        Assert.NotEqual(first.Json.GetProperty("version").GetString(), r.Json.GetProperty("version").GetString());
        var exported = CalendarJson.Parse((await Run("calendars", "export", "contoso")).Out);
        Assert.Equal("Contoso Advisory", exported.DisplayName);
        Assert.Single(exported.Services);
    }

    [Fact]
    public async Task ImportReplaceWithoutIdKeepsTheMailboxAddress()
    {
        await Run("calendars", "import", DemoFile());
        var changed = DemoCalendar.Create();
        changed.Id = null;

        var r = await Run("calendars", "import", WriteDocument(changed), "--replace");

        Assert.Equal(0, r.Code);
        Assert.Equal("contoso@bookings.local", r.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ImportReplaceWithAnotherMailboxIdFails()
    {
        await Run("calendars", "import", DemoFile());
        var changed = DemoCalendar.Create();
        changed.Id = "other@bookings.local";

        var r = await Run("calendars", "import", WriteDocument(changed), "--replace");

        AssertFailedWithOneLine(r, "other@bookings.local");
    }

    [Fact]
    public async Task ImportMissingFileFailsWithOneLine()
    {
        var r = await Run("calendars", "import", Path.Combine(_root, "nope.json"));

        AssertFailedWithOneLine(r, "nope.json: no such file");
    }

    [Fact]
    public async Task ImportInvalidJsonFailsWithTheParsersMessage()
    {
        var r = await Run("calendars", "import", WriteFile("broken.json", "{\n  \"slug\": \"x\",\n  \"schemaVersion\": \"one\"\n}"));

        AssertFailedWithOneLine(r, "not valid JSON");
    }

    [Fact]
    public async Task ImportInvalidDocumentListsEveryProblemOnOneLine()
    {
        var doc = DemoCalendar.Create();
        doc.Slug = "Not A Slug";
        doc.DisplayName = "";
        doc.Services[0].DefaultDuration = TimeSpan.Zero;

        var r = await Run("calendars", "import", WriteDocument(doc));

        AssertFailedWithOneLine(r, "slug: ");
        Assert.Contains("displayName: ", r.Err);
        Assert.Contains("services[0].defaultDuration: ", r.Err);
        Assert.Equal(0, (await Run("calendars", "list")).Json.GetProperty("calendars").GetArrayLength());
    }

    [Fact]
    public async Task ImportProblemTextWithLineBreaksStillFailsWithOneLine()
    {
        var doc = DemoCalendar.Create();
        doc.Services[0].Id = "bad\nid";

        var r = await Run("calendars", "import", WriteDocument(doc));

        AssertFailedWithOneLine(r, "services[0].id: ");
    }

    [Theory]
    [InlineData("slug")]
    [InlineData("email")]
    [InlineData("bookingPageSettings.businessTimeZone")]
    [InlineData("staffMembers[0].id")]
    [InlineData("staffMembers[0].emailAddress")]
    [InlineData("staffMembers[0].timeZone")]
    [InlineData("services[0].id")]
    public async Task ImportRefusesATrailingLineFeedNamingTheField(string path)
    {
        var doc = DemoCalendar.Create();
        switch (path)
        {
            case "slug": doc.Slug += "\n"; break;
            case "email": doc.Email += "\n"; break;
            case "bookingPageSettings.businessTimeZone": doc.BookingPageSettings.BusinessTimeZone += "\n"; break;
            case "staffMembers[0].id": doc.StaffMembers[0].Id += "\n"; break;
            case "staffMembers[0].emailAddress": doc.StaffMembers[0].EmailAddress += "\n"; break;
            case "staffMembers[0].timeZone": doc.StaffMembers[0].TimeZone = "Europe/Warsaw\n"; break;
            case "services[0].id": doc.Services[0].Id += "\n"; break;
        }

        var r = await Run("calendars", "import", WriteDocument(doc));

        AssertFailedWithOneLine(r, path + ": A control character");
        Assert.Equal(0, (await Run("calendars", "list")).Json.GetProperty("calendars").GetArrayLength());
    }

    [Fact]
    public async Task ImportRefusesATemplateThatRunsCustomerTextNamingTheFunctionAndTheTemplate()
    {
        var doc = DemoCalendar.Create();
        doc.NotificationTemplates = [new NotificationTemplate { Kind = "booking.staff", Language = "en", Text = "New booking: {{ customer_name | object.eval_template }}" }];

        var r = await Run("calendars", "import", WriteDocument(doc));

        AssertFailedWithOneLine(r, "notificationTemplates[0].text: line 1, column 33: `object.eval_template` is not allowed in the booking.staff text template (en)");
        Assert.Equal(0, (await Run("calendars", "list")).Json.GetProperty("calendars").GetArrayLength());
    }

    [Theory]
    [InlineData("http://192.168.1.20/anna.ics", "it leads to a local or private network")]
    [InlineData("http://localhost:8080/anna.ics", "it leads to a local or private network")]
    [InlineData("https://anna:s3cret@calendar.example/anna.ics", "it holds a user name or password")]
    public async Task ImportRefusesAFeedAddressTheSafetyRulesRefuseWithTheReason(string feed, string reason)
    {
        var doc = DemoCalendar.Create();
        doc.StaffMembers[1].IcsFeedUrl = feed;

        var r = await Run("calendars", "import", WriteDocument(doc));

        AssertFailedWithOneLine(r, "staffMembers[1].icsFeedUrl: this address is not allowed: " + reason);
        Assert.DoesNotContain("s3cret", r.Err);
        Assert.Equal(0, (await Run("calendars", "list")).Json.GetProperty("calendars").GetArrayLength());
    }

    [Fact]
    public async Task CreateAndCloneRefuseASlugOrZoneEndingInALineFeed()
    {
        AssertFailedWithOneLine(await Run("calendars", "create", "studio\n", "--name", "Studio"), "slug: A control character");
        AssertFailedWithOneLine(await Run("calendars", "create", "studio", "--name", "Studio", "--time-zone", "Europe/Warsaw\n"),
            "bookingPageSettings.businessTimeZone: A control character");
        await Run("calendars", "import", DemoFile());
        AssertFailedWithOneLine(await Run("calendars", "clone", "contoso", "copy\n"), "is not a valid slug");
    }

    [Fact]
    public async Task ExportUnknownSlugFailsWithOneLine()
    {
        var r = await Run("calendars", "export", "nobody");

        AssertFailedWithOneLine(r, "'nobody'");
    }

    [Fact]
    public async Task DeleteNeedsYesThenDeletesTheCalendarWithEverythingInIt()
    {
        await Run("calendars", "import", DemoFile());

        var refused = await Run("calendars", "delete", "contoso");
        var deleted = await Run("calendars", "delete", "contoso", "--yes");

        AssertFailedWithOneLine(refused, "--yes");
        Assert.Equal(0, deleted.Code);
        Assert.Equal("contoso@bookings.local", deleted.Json.GetProperty("id").GetString());
        Assert.Contains("deleted with its appointments", deleted.Json.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Run("calendars", "list")).Json.GetProperty("calendars").GetArrayLength());
        AssertFailedWithOneLine(await Run("calendars", "delete", "contoso", "--yes"), "'contoso'");
        Assert.Contains("calendar.delete", (await Run("audit", "log", "--json")).Out, StringComparison.Ordinal); // the record stays
    }

    [Fact]
    public async Task MissingArgumentIsAUsageErrorOnOneLine()
    {
        var r = await Run("calendars", "import");

        AssertFailedWithOneLine(r, "import");
        Assert.Equal(CliApp.Usage, r.Code);
    }

    [Fact]
    public async Task UnknownOptionIsAUsageErrorOnOneLine()
    {
        var r = await Run("calendars", "list", "--bogus");

        AssertFailedWithOneLine(r, "--bogus");
    }
}
