using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Bookings.Core.Notifications;
using static Bookings.Core.Tests.Notifications.TestBookings;

namespace Bookings.Core.Tests.Notifications;

/// <summary>
/// The .ics we write, read by an independent parser: Python's icalendar (Debian's python3-icalendar, installed by
/// test.sh). It must find exactly the properties we wrote, with the values we meant, hostile text included.
/// </summary>
public sealed class IcsInteropTests
{
    private const string Python = "/usr/bin/python3";

    private const string Reader = """
        import sys, json
        from icalendar import Calendar
        cal = Calendar.from_ical(sys.stdin.buffer.read())
        out = {"calendar": sorted(k for k in cal.keys()), "method": str(cal.get("METHOD")), "prodid": str(cal.get("PRODID")),
               "timezones": [str(c.get("TZID")) for c in cal.walk("VTIMEZONE")], "events": []}
        for ev in cal.walk("VEVENT"):
            att = ev.get("ATTENDEE")
            att = [] if att is None else (att if isinstance(att, list) else [att])
            out["events"].append({
                "properties": sorted(ev.keys()),
                "uid": str(ev.get("UID")), "sequence": int(ev.get("SEQUENCE")), "status": str(ev.get("STATUS")),
                "summary": str(ev.get("SUMMARY")), "location": str(ev.get("LOCATION")), "description": str(ev.get("DESCRIPTION")),
                "start": ev.decoded("DTSTART").isoformat(), "end": ev.decoded("DTEND").isoformat(),
                "start_tzid": ev.get("DTSTART").params.get("TZID"),
                "organizer": str(ev.get("ORGANIZER")), "organizer_cn": ev.get("ORGANIZER").params.get("CN"),
                "attendees": [[str(a), a.params.get("CN"), a.params.get("PARTSTAT")] for a in att],
                "url": str(ev.get("URL")), "teams": str(ev.get("X-MICROSOFT-SKYPETEAMSMEETINGURL")),
            })
        print(json.dumps(out))
        """;

    private static JsonElement ReadWithPython(string ics)
    {
        if (!File.Exists(Python) || Run("-c \"import icalendar\"", "").Code != 0)
            Assert.Fail("Python's icalendar is missing: apt-get install python3-icalendar (./test.sh installs it).");
        var script = Path.Combine(Path.GetTempPath(), $"ics-reader-{Guid.NewGuid():N}.py");
        File.WriteAllText(script, Reader);
        try
        {
            var (code, stdout, stderr) = Run($"\"{script}\"", ics);
            Assert.True(code == 0, $"icalendar could not read the .ics: {stderr}");
            return JsonDocument.Parse(stdout).RootElement;
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static (int Code, string Out, string Err) Run(string arguments, string stdin)
    {
        using var process = Process.Start(new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000)) { process.Kill(); Assert.Fail("python3 did not finish in 30 s"); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void AnInvitationReadsBackWithExactlyTheFieldsWrittenInTheBusinessZone()
    {
        var customer = Attendee(name: "Jan \"Janek\" Kowalski\r\nX-INJECTED:1");
        var mailbox = Mailbox();
        var appointment = Appointment([customer], sequence: 2);

        var ics = CalendarInvite.Create(InviteMethod.Request, mailbox, appointment, mailbox.Document.FindStaff("piotr"), [customer],
            "Consultation, taxes; a\\b\r\nATTACH:evil", "Main St 1\nWarsaw", Now, zoneId: "Europe/Warsaw",
            description: "Line one\nManage: https://book.example/manage/tok_abc", joinUrl: "https://teams.microsoft.com/l/meetup-join/abc");
        var read = ReadWithPython(ics);

        Assert.Equal("REQUEST", read.GetProperty("method").GetString());
        Assert.Equal(["Europe/Warsaw"], read.GetProperty("timezones").EnumerateArray().Select(t => t.GetString()));
        var ev = Assert.Single(read.GetProperty("events").EnumerateArray());
        Assert.Equal(["ATTENDEE", "DESCRIPTION", "DTEND", "DTSTAMP", "DTSTART", "LOCATION", "ORGANIZER", "SEQUENCE", "STATUS", "SUMMARY", "UID", "URL",
            "X-MICROSOFT-SKYPETEAMSMEETINGURL"], ev.GetProperty("properties").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("apt-1@bookings.local", ev.GetProperty("uid").GetString());
        Assert.Equal(2, ev.GetProperty("sequence").GetInt32());
        Assert.Equal("CONFIRMED", ev.GetProperty("status").GetString());
        Assert.Equal("Consultation, taxes; a\\b ATTACH:evil", ev.GetProperty("summary").GetString()); // one line, nothing injected
        Assert.Equal("Main St 1 Warsaw", ev.GetProperty("location").GetString());
        Assert.Equal("Line one\nManage: https://book.example/manage/tok_abc", ev.GetProperty("description").GetString());
        Assert.Equal("2026-12-01T09:00:00+01:00", ev.GetProperty("start").GetString());
        Assert.Equal("2026-12-01T09:30:00+01:00", ev.GetProperty("end").GetString());
        Assert.Equal("Europe/Warsaw", ev.GetProperty("start_tzid").GetString());
        Assert.Equal("mailto:contoso@bookings.local", ev.GetProperty("organizer").GetString());
        var attendees = ev.GetProperty("attendees").EnumerateArray().Select(a => a.EnumerateArray().Select(x => x.GetString()).ToArray()).ToList();
        Assert.Equal(["mailto:piotr@contoso.example", "mailto:jan@example.com"], attendees.Select(a => a[0]));
        Assert.Equal("Jan 'Janek' Kowalski X-INJECTED:1", attendees[1][1]);
        Assert.All(attendees, a => Assert.Equal("ACCEPTED", a[2]));
        Assert.Equal("https://teams.microsoft.com/l/meetup-join/abc", ev.GetProperty("url").GetString());
        Assert.Equal("https://teams.microsoft.com/l/meetup-join/abc", ev.GetProperty("teams").GetString());
    }

    /// <summary>
    /// Text in every script, padded by 0–3 ASCII letters so that a multi-byte character (or a surrogate pair, or a base
    /// letter and its combining mark) lands on each octet of a 75-octet fold.
    /// </summary>
    public static TheoryData<string, int> Scripts()
    {
        var data = new TheoryData<string, int>();
        foreach (var unit in new[] { "😀", "漢字", "e\u0301", "ąęłśźż", "👩‍👩‍👧‍👦", "a😀ł" })
            for (var pad = 0; pad < 4; pad++)
                data.Add(unit, pad);
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void TextInAnyScriptReadsBackExactlyWhereverAFoldFalls(string unit, int pad)
    {
        string Text(int maxLength) => new string('x', pad) + string.Concat(Enumerable.Repeat(unit, (maxLength - pad) / unit.Length));
        var name = Text(196); // a parameter value (CN) is cut at 200 characters
        var summary = Text(240);
        var description = Text(300) + "\n" + Text(150);
        var customer = Attendee(name: name);
        var mailbox = Mailbox(d => { d.DisplayName = name; d.FindStaff("piotr")!.DisplayName = name; });

        var ics = CalendarInvite.Create(InviteMethod.Request, mailbox, Appointment([customer]), mailbox.Document.FindStaff("piotr"), [customer],
            summary, summary, Now, zoneId: "Europe/Warsaw", description: description);

        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        var ev = Assert.Single(ReadWithPython(ics).GetProperty("events").EnumerateArray());
        Assert.Equal(summary, ev.GetProperty("summary").GetString());
        Assert.Equal(summary, ev.GetProperty("location").GetString());
        Assert.Equal(description, ev.GetProperty("description").GetString());
        Assert.Equal(name, ev.GetProperty("organizer_cn").GetString());
        Assert.Equal([name, name], ev.GetProperty("attendees").EnumerateArray().Select(a => a[1].GetString()));
    }

    [Theory]
    [InlineData("😀")]
    [InlineData("👩‍👩‍👧‍👦")]
    [InlineData("e\u0301")]
    public void TextCutToItsLimitEndsOnAWholeCharacter(string unit)
    {
        var name = "x" + string.Concat(Enumerable.Repeat(unit, 300 / unit.Length)); // over every limit, a character across each cut
        var customer = Attendee(name: name);
        var mailbox = Mailbox();

        var ics = CalendarInvite.Create(InviteMethod.Request, mailbox, Appointment([customer]), null, [customer], name, name, Now, zoneId: "Europe/Warsaw");

        var ev = Assert.Single(ReadWithPython(ics).GetProperty("events").EnumerateArray());
        foreach (var cut in new[] { ev.GetProperty("summary").GetString()!, ev.GetProperty("location").GetString()!, ev.GetProperty("attendees")[0][1].GetString()! })
        {
            Assert.EndsWith(unit + "…", cut, StringComparison.Ordinal);
            Assert.StartsWith(cut[..^1], name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACancellationKeepsTheUidAndSaysCancelled()
    {
        var customer = Attendee();
        var mailbox = Mailbox();
        var ics = CalendarInvite.Create(InviteMethod.Cancel, mailbox, Appointment([customer], sequence: 3), mailbox.Document.FindStaff("piotr"), [customer],
            "Consultation", null, Now, zoneId: "Europe/Warsaw");
        var read = ReadWithPython(ics);

        Assert.Equal("CANCEL", read.GetProperty("method").GetString());
        var ev = Assert.Single(read.GetProperty("events").EnumerateArray());
        Assert.Equal(("apt-1@bookings.local", 3, "CANCELLED"), (ev.GetProperty("uid").GetString(), ev.GetProperty("sequence").GetInt32(), ev.GetProperty("status").GetString()));
        Assert.DoesNotContain("URL", ev.GetProperty("properties").EnumerateArray().Select(p => p.GetString()));
    }
}
