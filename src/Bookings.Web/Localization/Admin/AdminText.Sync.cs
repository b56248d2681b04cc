using Bookings.Core.Sync;
using Bookings.Worker.Sync.Feeds;

namespace Bookings.Web.Localization;

// Staff calendar sync in Polish: a diagnosis's English message is its own (SyncDiagnosis.Message), so English needs no table here.
public sealed partial class AdminText
{
    private static string PolishDiagnosis(SyncDiagnosis d)
    {
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
            (_, SyncFailureKind.NotAllowed, _) => $"Nie można zsynchronizować kalendarza tej osoby: ten adres jest niedozwolony: {PolishFeedRefusal(d.Reason ?? "")}. "
                + "Zastąp go: wklej publiczny link ICS kalendarza (https://…, taki, jaki publikuje Outlook lub Google) na stronie tej osoby albo usuń kanał.",
            _ => "Błąd synchronizacji, którego nie umiemy rozpoznać: zwykle mija w ciągu kilku minut.",
        };
    }

    /// <summary>Why a feed address is refused (<see cref="FeedFailures"/>' address refusals, English) in Polish.</summary>
    private static string PolishFeedRefusal(string reason) => reason switch
    {
        FeedFailures.InvalidUrl => "to nie jest pełny adres internetowy",
        FeedFailures.SchemeNotAllowed => "odczytywane są tylko adresy http, https i webcal",
        FeedFailures.AddressNotAllowed => "prowadzi do sieci lokalnej lub prywatnej (adresy pętli zwrotnej, prywatne i lokalne łącza nigdy nie są odczytywane)",
        FeedFailures.CredentialsNotAllowed => "zawiera nazwę użytkownika lub hasło (opublikuj kalendarz i wklej jego tajny link)",
        _ => reason,
    };
}
