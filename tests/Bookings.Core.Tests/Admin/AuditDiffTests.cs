using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Demo;

namespace Bookings.Core.Tests.Admin;

public sealed class AuditDiffTests
{
    [Fact]
    public void AnUnchangedDocumentHasNoDetails()
    {
        var doc = DemoCalendar.Create();
        Assert.Equal("", AuditDiff.Describe(doc, CalendarJson.Clone(doc)));
    }

    [Fact]
    public void AChangedFieldIsNamedByItsPathWithBeforeAndAfter()
    {
        var before = DemoCalendar.Create();
        var after = CalendarJson.Clone(before);
        after.DisplayName = "Contoso Kraków";
        after.FindService("consult")!.DefaultDuration = TimeSpan.FromMinutes(45);

        var lines = AuditDiff.Describe(before, after).Split('\n');

        Assert.Contains($"displayName: \"{before.DisplayName}\" → \"Contoso Kraków\"", lines);
        Assert.Contains(lines, l => l.StartsWith("services[consult].defaultDuration: ", StringComparison.Ordinal) && l.EndsWith("→ \"PT45M\"", StringComparison.Ordinal));
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void ListsWithIdsAreComparedByIdSoARemovalIsOneLine()
    {
        var before = DemoCalendar.Create();
        var after = CalendarJson.Clone(before);
        after.Services.RemoveAt(0);
        after.Services.Add(new BookingService { Id = "new-one", DisplayName = "New" });

        var lines = AuditDiff.Describe(before, after).Split('\n');

        Assert.Equal(new HashSet<string> { "services[new-one]: added", $"services[{before.Services[0].Id}]: removed" }, lines.ToHashSet());
    }

    [Fact]
    public void TheFirstOfAListIsOneLineToo()
    {
        var before = DemoCalendar.Create();
        before.StaffMembers.Clear();
        var after = CalendarJson.Clone(before);
        after.StaffMembers.Add(new BookingStaffMember { Id = "ewa", DisplayName = "Ewa" });

        Assert.Equal("staffMembers[ewa]: added", AuditDiff.Describe(before, after));
        Assert.Equal("staffMembers[ewa]: removed", AuditDiff.Describe(after, before));
    }

    [Fact]
    public void SecretsAreNeverWrittenOnlySaidToHaveChanged()
    {
        var before = DemoCalendar.Create();
        var after = CalendarJson.Clone(before);
        after.StaffMembers[0].IcsFeedUrl = "https://calendar.example/secret-token-123/basic.ics";
        after.StaffMembers[1].InvitationTokenHash = "abcdef";

        var details = AuditDiff.Describe(before, after);

        Assert.DoesNotContain("secret-token-123", details);
        Assert.DoesNotContain("abcdef", details);
        Assert.Contains($"staffMembers[{before.StaffMembers[0].Id}].icsFeedUrl: changed", details);
    }

    [Fact]
    public void LongDetailsAreCutToTheLimit()
    {
        var entry = AuditEntry.Create(DateTimeOffset.UnixEpoch, "m@x.example", "a@x.example", "calendar.update", "contoso", new string('x', 10_000));
        Assert.Equal(AuditEntry.MaxDetailsLength, entry.Details.Length);
        Assert.EndsWith("…", entry.Details);
    }
}
