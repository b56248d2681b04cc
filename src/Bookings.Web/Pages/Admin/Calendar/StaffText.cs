using Bookings.Core.Calendars;
using Bookings.Core.Sync;
using Bookings.Worker.Sync.Feeds;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>The staff pages' shared wording (roles, membership, sync diagnoses) in English and Polish.</summary>
public static class StaffText
{
    /// <summary>The roles an admin can give in a calendar (external guests come only from the Microsoft 365 store).</summary>
    public static readonly StaffRole[] Roles = [StaffRole.Administrator, StaffRole.Scheduler, StaffRole.TeamMember, StaffRole.Viewer, StaffRole.Guest];

    public static string Role(StaffRole role, bool pl) => role switch
    {
        StaffRole.Administrator => pl ? "Administrator" : "Administrator",
        StaffRole.Scheduler => pl ? "Planista" : "Scheduler",
        StaffRole.TeamMember => pl ? "Członek zespołu" : "Team member",
        StaffRole.Viewer => pl ? "Obserwator" : "Viewer",
        StaffRole.Guest => pl ? "Gość" : "Guest",
        _ => pl ? "Gość zewnętrzny" : "External guest",
    };

    /// <summary>The form value of a role (the document's camelCase name).</summary>
    public static string RoleValue(StaffRole role) => role switch
    {
        StaffRole.Administrator => "administrator",
        StaffRole.Scheduler => "scheduler",
        StaffRole.TeamMember => "teamMember",
        StaffRole.Viewer => "viewer",
        StaffRole.Guest => "guest",
        _ => "externalGuest",
    };

    public static StaffRole? ParseRole(string? value) => Roles.Cast<StaffRole?>().FirstOrDefault(r => RoleValue(r!.Value) == value);

    public static string Day(DayOfWeek day, bool pl) => pl
        ? day switch
        {
            DayOfWeek.Monday => "Poniedziałek",
            DayOfWeek.Tuesday => "Wtorek",
            DayOfWeek.Wednesday => "Środa",
            DayOfWeek.Thursday => "Czwartek",
            DayOfWeek.Friday => "Piątek",
            DayOfWeek.Saturday => "Sobota",
            _ => "Niedziela",
        }
        : day.ToString();

    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The diagnosis's message in the page's language (the English text is the diagnosis's own).</summary>
    public static string Diagnosis(SyncDiagnosis d, bool pl)
    {
        if (!pl) return d.Message;
        if (d.Escalated)
            return $"Nierozpoznany błąd synchronizacji powtórzył się już {d.ConsecutiveFailures} razy z rzędu"
                + (d.LastSuccessAt is { } at ? $" (ostatni sukces {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC)" : " (nigdy nie zsynchronizowano)")
                + ": sprawdź w dziennikach Bookings wpisy „Staff calendar sync failed” i czy źródło kalendarza jest osiągalne.";
        return (d.Status, d.Cause, d.Source) switch
        {
            (SyncDiagnosis.Synced, _, _) => "Zsynchronizowano.",
            (SyncDiagnosis.Pending, _, _) => "Jeszcze nie zsynchronizowano: pierwsza synchronizacja nastąpi w ciągu jednego interwału.",
            (SyncDiagnosis.Stale, _, _) => "Kalendarz tej osoby nie był odczytywany dłużej niż pozwala limit: sprawdź, czy działa proces w tle (Workers:Enabled na serwerze WWW albo proces Bookings.Worker).",
            (_, SyncFailureKind.PermissionDenied, SyncSource.Graph) => "Nie można zsynchronizować kalendarza tej osoby: musi ona udostępnić organizacji informacje o wolnym/zajętym czasie (Outlook → Udostępnij → Kalendarz → Moja organizacja: Może wyświetlać, kiedy jestem zajęty).",
            (_, SyncFailureKind.PermissionDenied, _) => "Nie można zsynchronizować kalendarza tej osoby: opublikowany kalendarz odmówił dostępu. Opublikuj go ponownie (Outlook → Ustawienia → Kalendarz → Udostępnione kalendarze → Opublikuj kalendarz) i wklej nowy link ICS.",
            (_, SyncFailureKind.NotFound, SyncSource.Graph) => "Nie możemy znaleźć tej osoby w organizacji: usuń ją ze wszystkich kalendarzy, które ją wymieniają.",
            (_, SyncFailureKind.NotFound, _) => "Nie można zsynchronizować kalendarza tej osoby: opublikowany kalendarz już nie istnieje. Opublikuj go ponownie i wklej nowy link ICS.",
            (_, SyncFailureKind.NotAllowed, _) => $"Nie można zsynchronizować kalendarza tej osoby: ten adres jest niedozwolony: {FeedRefusal(d.Reason ?? "", pl)}. "
                + "Zastąp go: wklej publiczny link ICS kalendarza (https://…, taki, jaki publikuje Outlook lub Google) na stronie tej osoby albo usuń kanał.",
            _ => "Błąd synchronizacji, którego nie umiemy rozpoznać: zwykle mija w ciągu kilku minut.",
        };
    }

    /// <summary>Why a feed address is refused (<see cref="FeedFailures"/>' address refusals, English), in the page's language.</summary>
    public static string FeedRefusal(string reason, bool pl) => !pl ? reason : reason switch
    {
        FeedFailures.InvalidUrl => "to nie jest pełny adres internetowy",
        FeedFailures.SchemeNotAllowed => "odczytywane są tylko adresy http, https i webcal",
        FeedFailures.AddressNotAllowed => "prowadzi do sieci lokalnej lub prywatnej (adresy pętli zwrotnej, prywatne i lokalne łącza nigdy nie są odczytywane)",
        FeedFailures.CredentialsNotAllowed => "zawiera nazwę użytkownika lub hasło (opublikuj kalendarz i wklej jego tajny link)",
        _ => reason,
    };

    public static string DiagnosisStatus(SyncDiagnosis d, bool pl) => d.Status switch
    {
        SyncDiagnosis.Synced => pl ? "zsynchronizowany" : "synced",
        SyncDiagnosis.Pending => pl ? "oczekuje" : "pending",
        SyncDiagnosis.Stale => pl ? "nieaktualny" : "stale",
        _ => pl ? "nie można synchronizować" : "cannot sync",
    };

    public static string DiagnosisBadge(SyncDiagnosis d) => d.Status switch
    {
        SyncDiagnosis.Synced => "ok",
        SyncDiagnosis.Pending => "warn",
        _ => "bad",
    };
}
