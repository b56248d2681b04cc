using System.Globalization;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using static Bookings.Core.Tests.Sync.SyncTestData;

namespace Bookings.Core.Tests.Sync;

public class SyncDiagnosisTests
{
    private const int EscalateAfter = 3;
    private static readonly TimeSpan Limit = TimeSpan.FromHours(2);
    private static readonly StaffSyncPolicy Bookable = new(Limit, StaleMeansUnavailable: false);
    private static readonly StaffSyncPolicy Unavailable = new(Limit, StaleMeansUnavailable: true);

    private const string PendingMessage = "Not synced yet: the first sync runs within one sync interval.";
    private const string NotYetIncluded = "Availability does not include this staff member's own calendar yet.";
    private const string Follows = "Availability follows this staff member's calendar.";
    private const string StaleBookable = "This staff member is bookable as if their own calendar were empty until it syncs again.";
    private const string StaleUnavailable = "This staff member is shown as unavailable until their calendar syncs again.";

    private static List<SyncDiagnosis> For(IReadOnlyList<Mailbox> mailboxes, IReadOnlyDictionary<string, IReadOnlyList<StaffSyncState>>? states = null,
        bool graphAvailable = true, StaffSyncPolicy? policy = null, DateTimeOffset? now = null) =>
        SyncDiagnosis.For(mailboxes, states ?? new Dictionary<string, IReadOnlyList<StaffSyncState>>(), graphAvailable, now ?? Now, policy ?? Bookable, EscalateAfter);

    private static Dictionary<string, IReadOnlyList<StaffSyncState>> States(Mailbox mailbox, params StaffSyncState[] states) =>
        new() { [mailbox.Id] = states };

    /// <summary>The one diagnosis of Anna in the contoso calendar with this state of hers.</summary>
    private static SyncDiagnosis Anna(StaffSyncState? state, Action<CalendarDocument>? change = null, StaffSyncPolicy? policy = null,
        IReadOnlyList<Mailbox>? others = null)
    {
        var contoso = Contoso(change);
        var diagnoses = For([contoso, .. others ?? []], state is null ? null : States(contoso, state), policy: policy);
        return Assert.Single(diagnoses, d => d.StaffId == "anna" && d.MailboxId == contoso.Id);
    }

    private static void WithCulture(CultureInfo culture, Action action)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try { action(); }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    // ---- who is listed ----

    [Fact]
    public void EveryGraphSyncedStaffMemberWithoutAStateIsPending()
    {
        var contoso = Contoso();

        var diagnoses = For([contoso]);

        Assert.Equal(["anna", "piotr", "maria"], diagnoses.Select(d => d.StaffId));
        Assert.Equal(["Anna Kowalska", "Piotr Nowak", "Maria Wiśniewska"], diagnoses.Select(d => d.StaffName));
        Assert.All(diagnoses, d =>
        {
            Assert.Equal(contoso.Id, d.MailboxId);
            Assert.Equal("contoso", d.CalendarSlug);
            Assert.Equal(SyncSource.Graph, d.Source);
            Assert.Equal(SyncDiagnosis.Pending, d.Status);
            Assert.Equal(PendingMessage, d.Message);
            Assert.Equal(NotYetIncluded, d.Availability);
            Assert.Null(d.Cause);
            Assert.Null(d.LastSuccessAt);
            Assert.Null(d.LastAttemptAt);
            Assert.Equal(0, d.ConsecutiveFailures);
            Assert.False(d.Escalated);
            Assert.False(d.IsFailing);
        });
    }

    [Fact]
    public void WithoutGraphOnlyStaffWithAFeedAreListed()
    {
        var contoso = Contoso(d => Staff(d, "piotr").IcsFeedUrl = "https://calendar.example/piotr.ics");

        Assert.Empty(For([Contoso()], graphAvailable: false));
        var diagnosis = Assert.Single(For([contoso], graphAvailable: false));
        Assert.Equal("piotr", diagnosis.StaffId);
        Assert.Equal(SyncSource.IcsFeed, diagnosis.Source);
    }

    [Fact]
    public void StaffWhoAreNotBookableAreNotListedEvenWithAFeed()
    {
        var contoso = Contoso(d =>
        {
            Staff(d, "piotr").Role = StaffRole.Viewer;
            Staff(d, "piotr").IcsFeedUrl = "https://calendar.example/piotr.ics";
            Staff(d, "maria").MembershipStatus = MembershipStatus.PendingAcceptance;
        });

        var diagnoses = For([contoso]);

        Assert.Equal(["anna"], diagnoses.Select(d => d.StaffId));
    }

    [Fact]
    public void RejectedMembersAreNotListed()
    {
        var contoso = Contoso(d => Staff(d, "maria").MembershipStatus = MembershipStatus.Rejected);

        Assert.DoesNotContain(For([contoso]), d => d.StaffId == "maria");
    }

    [Fact]
    public void StaffWithoutASourceAreNotListed()
    {
        var contoso = Contoso(d =>
        {
            Staff(d, "piotr").EmailAddress = null;
            Staff(d, "maria").AvailabilityIsAffectedByPersonalCalendar = false;
        });

        var diagnoses = For([contoso]);

        Assert.Equal(["anna"], diagnoses.Select(d => d.StaffId));
    }

    [Fact]
    public void CalendarsAreListedInSlugOrderAndEachUsesItsOwnStates()
    {
        var zeta = Mailbox("zeta@bookings.local", "zeta", "Zeta", d => d.StaffMembers.RemoveAll(s => s.Id != "anna"));
        var alpha = Mailbox("alpha@bookings.local", "alpha", "Alpha", d => d.StaffMembers.RemoveAll(s => s.Id != "anna"));
        var states = new Dictionary<string, IReadOnlyList<StaffSyncState>>
        {
            [alpha.Id] = [SucceededAt("anna", Now, SyncSource.Graph)],
        };

        var diagnoses = For([zeta, alpha], states);

        Assert.Equal(["alpha", "zeta"], diagnoses.Select(d => d.CalendarSlug));
        Assert.Equal(SyncDiagnosis.Synced, diagnoses[0].Status);
        Assert.Equal(SyncDiagnosis.Pending, diagnoses[1].Status);
    }

    [Fact]
    public void AStateOfAnotherSourceCountsAsNoState()
    {
        // The state was written while Anna was read through Graph; she now has a feed, which wins.
        var diagnosis = Anna(SucceededAt("anna", Now, SyncSource.Graph), d => Staff(d, "anna").IcsFeedUrl = "https://calendar.example/anna.ics");

        Assert.Equal(SyncSource.IcsFeed, diagnosis.Source);
        Assert.Equal(SyncDiagnosis.Pending, diagnosis.Status);
        Assert.Null(diagnosis.LastSuccessAt);
    }

    [Fact]
    public void NullArgumentsAreRefused()
    {
        var states = new Dictionary<string, IReadOnlyList<StaffSyncState>>();
        Assert.Throws<ArgumentNullException>(() => SyncDiagnosis.For(null!, states, true, Now, Bookable, EscalateAfter));
        Assert.Throws<ArgumentNullException>(() => SyncDiagnosis.For([], null!, true, Now, Bookable, EscalateAfter));
        Assert.Throws<ArgumentNullException>(() => SyncDiagnosis.For([], states, true, Now, null!, EscalateAfter));
    }

    // ---- statuses and messages ----

    [Fact]
    public void ASuccessfulStateIsSynced()
    {
        var lastAttempt = Now.AddMinutes(-10);
        var diagnosis = Anna(new StaffSyncState("anna", SyncSource.Graph, lastAttempt, lastAttempt, 0, null, [Block(Tue(9), Tue(10))]));

        Assert.Equal(SyncDiagnosis.Synced, diagnosis.Status);
        Assert.Equal("Synced.", diagnosis.Message);
        Assert.Equal(Follows, diagnosis.Availability);
        Assert.Equal(lastAttempt, diagnosis.LastSuccessAt);
        Assert.Equal(lastAttempt, diagnosis.LastAttemptAt);
        Assert.Null(diagnosis.Cause);
        Assert.False(diagnosis.IsFailing);
        Assert.False(diagnosis.Escalated);
    }

    [Fact]
    public void PermissionDeniedThroughGraphAsksToShareFreeBusy()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.PermissionDenied, 1, lastSuccess: null));

        Assert.Equal(SyncDiagnosis.CannotSync, diagnosis.Status);
        Assert.True(diagnosis.IsFailing);
        Assert.Equal(SyncFailureKind.PermissionDenied, diagnosis.Cause);
        Assert.Equal(SyncDiagnosis.PermissionDeniedGraph, diagnosis.Message);
        Assert.Equal(1, diagnosis.ConsecutiveFailures);
        Assert.False(diagnosis.Escalated);
    }

    [Fact]
    public void PermissionDeniedThroughAFeedAsksToPublishAgain()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.IcsFeed, SyncFailureKind.PermissionDenied, 2, lastSuccess: null),
            d => Staff(d, "anna").IcsFeedUrl = "https://calendar.example/anna.ics");

        Assert.Equal(SyncSource.IcsFeed, diagnosis.Source);
        Assert.Equal(SyncFailureKind.PermissionDenied, diagnosis.Cause);
        Assert.Equal(SyncDiagnosis.PermissionDeniedFeed, diagnosis.Message);
    }

    [Fact]
    public void PermissionDeniedIsNeverEscalatedHoweverLongItLasts()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.PermissionDenied, EscalateAfter + 10, lastSuccess: null));

        Assert.False(diagnosis.Escalated);
        Assert.Equal(SyncDiagnosis.PermissionDeniedGraph, diagnosis.Message);
        Assert.Equal(EscalateAfter + 10, diagnosis.ConsecutiveFailures);
    }

    [Fact]
    public void ARefusedFeedAddressSaysWhyAndHowToFixItAndIsNeverEscalatedAsUnidentified()
    {
        const string reason = "it leads to a local or private network";
        var state = new StaffSyncState("anna", SyncSource.IcsFeed, Now, null, EscalateAfter + 10, new SyncFailure(SyncFailureKind.NotAllowed, reason), []);

        var diagnosis = Anna(state, d => Staff(d, "anna").IcsFeedUrl = "http://10.0.0.1/anna.ics");

        Assert.Equal((SyncDiagnosis.CannotSync, SyncFailureKind.NotAllowed), (diagnosis.Status, diagnosis.Cause));
        Assert.Equal(SyncDiagnosis.NotAllowedFeed(reason), diagnosis.Message);
        Assert.StartsWith("Cannot sync this staff member's calendar: this address is not allowed: " + reason + ". Replace it:", diagnosis.Message, StringComparison.Ordinal);
        Assert.Equal(reason, diagnosis.Reason);
        Assert.False(diagnosis.Escalated);
        Assert.DoesNotContain("10.0.0.1", diagnosis.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotFoundThroughGraphNamesEveryCalendarListingTheAddressIgnoringCase()
    {
        var contoso = Contoso();
        var beta = Mailbox("beta@bookings.local", "beta", "Beta Clinic", d =>
        {
            d.StaffMembers.RemoveAll(s => s.Id != "anna");
            Staff(d, "anna").Id = "a-kowalska";
            d.StaffMembers[0].EmailAddress = "ANNA@Contoso.Example";
        });
        var other = Mailbox("other@bookings.local", "other", "Other Office", d => d.StaffMembers.RemoveAll(s => s.Id == "anna"));
        var states = States(contoso, Failing("anna", SyncSource.Graph, SyncFailureKind.NotFound, 1, lastSuccess: null));

        var diagnosis = Assert.Single(For([other, contoso, beta], states), d => d.MailboxId == contoso.Id && d.StaffId == "anna");

        Assert.Equal(SyncFailureKind.NotFound, diagnosis.Cause);
        Assert.Equal(SyncDiagnosis.NotFoundGraph(["Beta Clinic (beta)", "Contoso Consulting (contoso)"]), diagnosis.Message);
        Assert.Equal(
            "We can't find this staff member in your organisation: remove them from every calendar that lists them (Beta Clinic (beta), Contoso Consulting (contoso)).",
            diagnosis.Message);
        Assert.DoesNotContain("Other Office", diagnosis.Message);
    }

    [Fact]
    public void NotFoundThroughAFeedAsksForANewLink()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.IcsFeed, SyncFailureKind.NotFound, 1, lastSuccess: null),
            d => Staff(d, "anna").IcsFeedUrl = "https://calendar.example/anna.ics");

        Assert.Equal(SyncFailureKind.NotFound, diagnosis.Cause);
        Assert.Equal(SyncDiagnosis.NotFoundFeed, diagnosis.Message);
    }

    [Fact]
    public void AnUnknownFailureBelowTheThresholdIsNotEscalated()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, EscalateAfter - 1, lastSuccess: null));

        Assert.Equal(SyncFailureKind.Unknown, diagnosis.Cause);
        Assert.Equal(SyncDiagnosis.UnknownError, diagnosis.Message);
        Assert.False(diagnosis.Escalated);
        Assert.True(diagnosis.IsFailing);
    }

    [Fact]
    public void AnUnknownFailureAtTheThresholdIsEscalatedAndSaysItNeverSynced()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, EscalateAfter, lastSuccess: null));

        Assert.True(diagnosis.Escalated);
        Assert.True(diagnosis.IsFailing);
        Assert.Equal(SyncFailureKind.Unknown, diagnosis.Cause);
        Assert.Equal(SyncDiagnosis.Escalation(EscalateAfter, null), diagnosis.Message);
        Assert.Contains($"failed {EscalateAfter} times in a row", diagnosis.Message);
        Assert.Contains("(never synced)", diagnosis.Message);
        Assert.DoesNotContain("last success", diagnosis.Message);
    }

    [Fact]
    public void AnEscalatedFailureGivesTheLastSuccessInUtc()
    {
        WithCulture(CultureInfo.InvariantCulture, () =>
        {
            // 07:15 at UTC+1 is 06:15 UTC.
            var lastSuccess = new DateTimeOffset(2026, 11, 30, 7, 15, 0, TimeSpan.FromHours(1));
            var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, 7, lastSuccess));

            Assert.True(diagnosis.Escalated);
            Assert.Contains("failed 7 times in a row", diagnosis.Message);
            Assert.Contains("(last success 2026-11-30 06:15 UTC)", diagnosis.Message);
            Assert.DoesNotContain("never synced", diagnosis.Message);
            Assert.Equal(lastSuccess, diagnosis.LastSuccessAt);
        });
    }

    [Fact]
    public void EscalationTextIsExact()
    {
        WithCulture(CultureInfo.InvariantCulture, () =>
        {
            Assert.Equal(
                "A sync error we can't identify has now failed 5 times in a row (never synced): check the Bookings logs for 'Staff calendar sync failed' and whether the calendar's source is reachable.",
                SyncDiagnosis.Escalation(5, null));
            Assert.Equal(
                "A sync error we can't identify has now failed 4 times in a row (last success 2026-12-01 23:05 UTC): check the Bookings logs for 'Staff calendar sync failed' and whether the calendar's source is reachable.",
                SyncDiagnosis.Escalation(4, new DateTimeOffset(2026, 12, 2, 1, 5, 0, TimeSpan.FromHours(2))));
        });
    }

    [Fact]
    public void StatusConstantsAreStable()
    {
        Assert.Equal("synced", SyncDiagnosis.Synced);
        Assert.Equal("pending", SyncDiagnosis.Pending);
        Assert.Equal("cannot-sync", SyncDiagnosis.CannotSync);
    }

    // ---- the availability sentence ----

    [Fact]
    public void AFreshStateAfterAFailureSaysTheLastSyncIsStillUsed()
    {
        WithCulture(CultureInfo.InvariantCulture, () =>
        {
            var lastSuccess = Now.AddMinutes(-30);
            var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, 1, lastSuccess), policy: Unavailable);

            Assert.Equal("Availability uses this staff member's calendar as last synced at 2026-11-30 07:30 UTC.", diagnosis.Availability);
        });
    }

    [Fact]
    public void AStaleFailingStateUnderTheBookablePolicySaysBookableAsIfEmpty()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, 1, Now - Limit - TimeSpan.FromTicks(1)), policy: Bookable);

        Assert.Equal(StaleBookable, diagnosis.Availability);
    }

    [Fact]
    public void AStaleFailingStateUnderTheUnavailablePolicySaysUnavailable()
    {
        var diagnosis = Anna(Failing("anna", SyncSource.Graph, SyncFailureKind.Unknown, 1, Now - Limit - TimeSpan.FromTicks(1)), policy: Unavailable);

        Assert.Equal(StaleUnavailable, diagnosis.Availability);
    }

    [Fact]
    public void ANeverSyncedFailingStateIsTreatedAsStale()
    {
        var state = Failing("anna", SyncSource.Graph, SyncFailureKind.PermissionDenied, 1, lastSuccess: null);

        Assert.Equal(StaleBookable, Anna(state, policy: Bookable).Availability);
        Assert.Equal(StaleUnavailable, Anna(state, policy: Unavailable).Availability);
    }

    [Fact]
    public void AStateExactlyAtTheLimitStillFollowsTheCalendar()
    {
        var diagnosis = Anna(SucceededAt("anna", Now - Limit, SyncSource.Graph), policy: Unavailable);

        Assert.Equal(Follows, diagnosis.Availability);
    }

    [Fact]
    public void ASuccessfulButStaleStateSaysTheSyncStoppedRunning()
    {
        // The worker stopped three hours ago after a success: not "synced", since the blocks are no longer used.
        var diagnosis = Anna(SucceededAt("anna", Now.AddHours(-3), SyncSource.Graph), policy: Unavailable);

        Assert.Equal(SyncDiagnosis.Stale, diagnosis.Status);
        Assert.True(diagnosis.IsFailing);
        Assert.Equal(SyncDiagnosis.StoppedSyncing, diagnosis.Message);
        Assert.Equal(StaleUnavailable, diagnosis.Availability);
    }

    [Theory]
    [InlineData("th-TH")] // Buddhist calendar
    [InlineData("ar-SA")] // Hijri calendar
    [InlineData("fi-FI")] // '.' as the time separator
    public void DatesInMessagesAreGregorianUtcWhateverTheServersCulture(string culture)
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
        try
        {
            Assert.Equal("A sync error we can't identify has now failed 4 times in a row (last success 2026-11-30 06:15 UTC): check the Bookings logs for 'Staff calendar sync failed' and whether the calendar's source is reachable.",
                SyncDiagnosis.Escalation(4, new DateTimeOffset(2026, 11, 30, 7, 15, 0, TimeSpan.FromHours(1))));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    // ---- SourceOf ----

    private static BookingStaffMember Member(string? feed = null, string? email = "anna@contoso.example", bool affected = true,
        StaffRole role = StaffRole.TeamMember, MembershipStatus membership = MembershipStatus.Active) =>
        new()
        {
            Id = "anna",
            DisplayName = "Anna",
            IcsFeedUrl = feed,
            EmailAddress = email,
            AvailabilityIsAffectedByPersonalCalendar = affected,
            Role = role,
            MembershipStatus = membership,
        };

    [Fact]
    public void AFeedWinsOverGraph()
    {
        Assert.Equal(SyncSource.IcsFeed, SyncDiagnosis.SourceOf(Member(feed: "https://calendar.example/a.ics"), graphAvailable: true));
    }

    [Theory]
    [InlineData(true, "anna@contoso.example", true)]
    [InlineData(false, "anna@contoso.example", true)]
    [InlineData(true, null, true)]
    [InlineData(true, "anna@contoso.example", false)]
    [InlineData(false, null, false)]
    public void AFeedIsUsedWhateverGraphAndTheAddressSay(bool graphAvailable, string? email, bool affected)
    {
        Assert.Equal(SyncSource.IcsFeed, SyncDiagnosis.SourceOf(Member(feed: "https://calendar.example/a.ics", email: email, affected: affected), graphAvailable));
    }

    [Fact]
    public void GraphIsUsedWhenAvailableWithAnAddressWhosePersonalCalendarCounts()
    {
        Assert.Equal(SyncSource.Graph, SyncDiagnosis.SourceOf(Member(), graphAvailable: true));
    }

    [Theory]
    [InlineData(false, "anna@contoso.example", true)]
    [InlineData(true, null, true)]
    [InlineData(true, "", true)]
    [InlineData(true, "   ", true)]
    [InlineData(true, "anna@contoso.example", false)]
    public void WithoutAFeedGraphNeedsAllThree(bool graphAvailable, string? email, bool affected)
    {
        Assert.Null(SyncDiagnosis.SourceOf(Member(email: email, affected: affected), graphAvailable));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ABlankFeedIsNoFeed(string feed)
    {
        Assert.Equal(SyncSource.Graph, SyncDiagnosis.SourceOf(Member(feed: feed), graphAvailable: true));
        Assert.Null(SyncDiagnosis.SourceOf(Member(feed: feed), graphAvailable: false));
    }

    [Theory]
    [InlineData(StaffRole.Viewer, MembershipStatus.Active)]
    [InlineData(StaffRole.TeamMember, MembershipStatus.PendingAcceptance)]
    [InlineData(StaffRole.Administrator, MembershipStatus.Rejected)]
    public void StaffWhoAreNotBookableAreNeverSynced(StaffRole role, MembershipStatus membership)
    {
        Assert.Null(SyncDiagnosis.SourceOf(Member(feed: "https://calendar.example/a.ics", role: role, membership: membership), graphAvailable: true));
        Assert.Null(SyncDiagnosis.SourceOf(Member(role: role, membership: membership), graphAvailable: true));
    }

    [Theory]
    [InlineData(StaffRole.Administrator)]
    [InlineData(StaffRole.Scheduler)]
    [InlineData(StaffRole.Guest)]
    [InlineData(StaffRole.ExternalGuest)]
    public void EveryBookableRoleIsSynced(StaffRole role)
    {
        Assert.Equal(SyncSource.Graph, SyncDiagnosis.SourceOf(Member(role: role), graphAvailable: true));
    }

    [Fact]
    public void SourceOfRefusesNull()
    {
        Assert.Throws<ArgumentNullException>(() => SyncDiagnosis.SourceOf(null!, true));
    }

    // ---- CalendarsListing ----

    [Fact]
    public void CalendarsListingFindsTheAddressInAnyCaseInSlugOrder()
    {
        var contoso = Contoso();
        var beta = Mailbox("beta@bookings.local", "beta", "Beta Clinic", d => Staff(d, "piotr").EmailAddress = "PIOTR@contoso.EXAMPLE");
        var none = Mailbox("none@bookings.local", "none", "Nobody", d => d.StaffMembers.Clear());

        Assert.Equal(["Beta Clinic (beta)", "Contoso Consulting (contoso)"], SyncDiagnosis.CalendarsListing([contoso, none, beta], "piotr@contoso.example"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("nobody@contoso.example")]
    public void CalendarsListingOfNoOrAnUnknownAddressIsEmpty(string? email)
    {
        Assert.Empty(SyncDiagnosis.CalendarsListing([Contoso(d => Staff(d, "maria").EmailAddress = "")], email));
    }

    [Fact]
    public void CalendarsListingListsACalendarOnceHoweverManyOfItsStaffHaveTheAddress()
    {
        var contoso = Contoso(d => Staff(d, "maria").EmailAddress = "anna@contoso.example");

        Assert.Equal(["Contoso Consulting (contoso)"], SyncDiagnosis.CalendarsListing([contoso], "anna@contoso.example"));
    }
}
