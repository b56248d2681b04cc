using Bookings.Core.Sync;

namespace Bookings.Web.Localization;

public sealed partial class AdminText
{
    /// <summary>The text of staff members, their hours, caps and calendar sync.</summary>
    public sealed class StaffPagesText
    {
        public required string Active { get; init; }
        public required string AddOrInvite { get; init; }
        public required string AddOrInviteA { get; init; }
        public required string AddWithoutAnInvitation { get; init; }
        public required string AllStaff { get; init; }
        public required string AnyEmailAddressWorks { get; init; }
        public required string AvailabilityIsAffectedBy { get; init; }
        public required string BookingsPerDay { get; init; }
        public required string BookingsPerWeek { get; init; }
        public required string BusinessZoneInSentence { get; init; }
        public required string Caps { get; init; }
        public required string ChooseARole { get; init; }
        public required string Declined { get; init; }
        public required string EmailAddress { get; init; }
        public required string EmailNotifications { get; init; }
        public required string EnterAValidEmail { get; init; }
        public required string EnterTheName { get; init; }
        public required string EnterTheStaffMember { get; init; }
        public required string ICSLinkOfA { get; init; }
        public required string IcsFeedLabel { get; init; }
        public required string IcsFeedLower { get; init; }
        public required string InvitationSent { get; init; }
        public required string Invited { get; init; }
        public required string LastSuccessfulSync { get; init; }
        public required string LeaveEmptyForNo { get; init; }
        public required string MaxBookingsPerDay { get; init; }
        public required string MaxBookingsPerWeek { get; init; }
        public required string Membership { get; init; }
        public required string Never { get; init; }
        public required string NotSet { get; init; }
        public required string NotSynced { get; init; }
        public required string OnlyAPendingOr { get; init; }
        public required string OwnCalendar { get; init; }
        public required string OwnWorkingHoursBelow { get; init; }
        public required string PerDay { get; init; }
        public required string PerWeek { get; init; }
        public required string RemoveTheICSFeed { get; init; }
        public required string ReplaceWithANew { get; init; }
        public required string ResendInvitation { get; init; }
        public required string Role { get; init; }
        public required string SentLower { get; init; }
        public required string Set { get; init; }
        public required string SomeoneElseOnThe { get; init; }
        public required string SomeoneWithThisEmail { get; init; }
        public required string StaffMemberFull { get; init; }
        public required string StaffMembers { get; init; }
        public required string TheICSFeedAddress { get; init; }
        public required string TheICSFeedMust { get; init; }
        public required string TheLinkIsA { get; init; }
        public required string TheNameIsAtMost { get; init; }
        public required string ThisIsTheCalendar { get; init; }
        public required string UseTheBusinessHours { get; init; }
        public required string WorkingHours { get; init; }
        public required string YouCanSeeThese { get; init; }
        public required Func<string, int, string> StaffHasBookings { get; init; }
        public required Func<string, string> MaximumCap { get; init; }
        public required Func<DayOfWeek, string> RangeNeedsStartAndEnd { get; init; }
        public required Func<DayOfWeek, string> SecondRangeAfterFirst { get; init; }
        public required Func<SyncDiagnosis, string> Diagnosis { get; init; }
        public required Func<string, string> FeedRefusal { get; init; }
        public required Func<SyncDiagnosis, string> DiagnosisStatus { get; init; }

        public static readonly StaffPagesText En = new()
        {
            Active = "active",
            AddOrInvite = "Add or invite",
            AddOrInviteA = "Add or invite a staff member",
            AddWithoutAnInvitation = "Add without an invitation: bookable at once, no email sent",
            AllStaff = "All staff",
            AnyEmailAddressWorks = "Any email address works: they get an email with a link to accept or decline, and are bookable once they accept. Added without an invitation, they are bookable at once.",
            AvailabilityIsAffectedBy = "Availability is affected by their personal calendar",
            BookingsPerDay = "bookings per day",
            BookingsPerWeek = "bookings per week",
            BusinessZoneInSentence = "business time zone",
            Caps = "Caps",
            ChooseARole = "Choose a role.",
            Declined = "declined",
            EmailAddress = "Email address",
            EmailNotifications = "Email notifications",
            EnterAValidEmail = "Enter a valid email address.",
            EnterTheName = "Enter the name.",
            EnterTheStaffMember = "Enter the staff member's name.",
            ICSLinkOfA = "ICS link of a published calendar",
            IcsFeedLabel = "ICS feed:",
            IcsFeedLower = "ICS feed",
            InvitationSent = "Invitation sent.",
            Invited = "invited",
            LastSuccessfulSync = "Last successful sync:",
            LeaveEmptyForNo = "Leave empty for no cap.",
            MaxBookingsPerDay = "Max bookings per day",
            MaxBookingsPerWeek = "Max bookings per week",
            Membership = "Membership",
            Never = "never",
            NotSet = "not set",
            NotSynced = "not synced",
            OnlyAPendingOr = "Only a pending or declined invitation can be sent again.",
            OwnCalendar = "Own calendar",
            OwnWorkingHoursBelow = "Own working hours (below; up to two ranges a day, HH:mm)",
            PerDay = "per day:",
            PerWeek = "per week:",
            RemoveTheICSFeed = "Remove the ICS feed",
            ReplaceWithANew = "Replace with a new ICS link",
            ResendInvitation = "Resend invitation",
            Role = "Role",
            SentLower = "sent",
            Set = "set",
            SomeoneElseOnThe = "Someone else on the staff has this email address.",
            SomeoneWithThisEmail = "Someone with this email address is already on the staff.",
            StaffMemberFull = "Staff member",
            StaffMembers = "Staff members",
            TheICSFeedAddress = "The ICS feed address is not allowed: ",
            TheICSFeedMust = "The ICS feed must be an http(s) or webcal address.",
            TheLinkIsA = "The link is a secret: it is never shown again. Leave empty to keep the current one.",
            TheNameIsAtMost = "The name is at most 255 characters.",
            ThisIsTheCalendar = "This is the calendar's last administrator: make someone else an administrator first, or the calendar would have nobody to manage it.",
            UseTheBusinessHours = "Use the business hours",
            WorkingHours = "Working hours",
            YouCanSeeThese = "You can see these settings but not change them.",
            StaffHasBookings = (name, booked) => $"{name} still has {booked} booked appointment(s) from now on: reassign or cancel them first.",
            MaximumCap = what => $"Maximum {what}: a whole number from 1 to 1000, or empty for no cap.",
            RangeNeedsStartAndEnd = day => $"{EnglishDay(day)}: each range needs a start and a later end (HH:mm).",
            SecondRangeAfterFirst = day => $"{EnglishDay(day)}: the second range must start after the first ends.",
            Diagnosis = d => d.Message,
            FeedRefusal = reason => reason,
            DiagnosisStatus = d => d.Status switch
            {
                SyncDiagnosis.Synced => "synced",
                SyncDiagnosis.Pending => "pending",
                SyncDiagnosis.Stale => "stale",
                _ => "cannot sync",
            },
        };

        public static readonly StaffPagesText Pl = new()
        {
            Active = "aktywny",
            AddOrInvite = "Dodaj lub zaproś",
            AddOrInviteA = "Dodaj lub zaproś członka personelu",
            AddWithoutAnInvitation = "Dodaj bez zaproszenia: od razu dostępny do rezerwacji, bez wiadomości e-mail",
            AllStaff = "Cały personel",
            AnyEmailAddressWorks = "Działa dowolny adres e-mail: osoba dostanie wiadomość z linkiem do przyjęcia lub odrzucenia zaproszenia i będzie dostępna do rezerwacji po przyjęciu. Dodana bez zaproszenia jest dostępna od razu.",
            AvailabilityIsAffectedBy = "Dostępność zależy od osobistego kalendarza",
            BookingsPerDay = "rezerwacji dziennie",
            BookingsPerWeek = "rezerwacji tygodniowo",
            BusinessZoneInSentence = "strefa firmy",
            Caps = "Limity",
            ChooseARole = "Wybierz rolę.",
            Declined = "odrzucił zaproszenie",
            EmailAddress = "Adres e-mail",
            EmailNotifications = "Powiadomienia e-mail",
            EnterAValidEmail = "Podaj poprawny adres e-mail.",
            EnterTheName = "Podaj imię i nazwisko.",
            EnterTheStaffMember = "Podaj imię i nazwisko członka personelu.",
            ICSLinkOfA = "Link ICS opublikowanego kalendarza",
            IcsFeedLabel = "Kanał ICS:",
            IcsFeedLower = "kanał ICS",
            InvitationSent = "Zaproszenie wysłane.",
            Invited = "zaproszony",
            LastSuccessfulSync = "Ostatnia udana synchronizacja:",
            LeaveEmptyForNo = "Puste pole: bez limitu.",
            MaxBookingsPerDay = "Maks. rezerwacji dziennie",
            MaxBookingsPerWeek = "Maks. rezerwacji tygodniowo",
            Membership = "Członkostwo",
            Never = "nigdy",
            NotSet = "nieustawiony",
            NotSynced = "nie synchronizowany",
            OnlyAPendingOr = "Ponownie można wysłać tylko oczekujące lub odrzucone zaproszenie.",
            OwnCalendar = "Własny kalendarz",
            OwnWorkingHoursBelow = "Własne godziny pracy (poniżej; do dwóch przedziałów dziennie, GG:mm)",
            PerDay = "dziennie:",
            PerWeek = "tygodniowo:",
            RemoveTheICSFeed = "Usuń kanał ICS",
            ReplaceWithANew = "Zastąp nowym linkiem ICS",
            ResendInvitation = "Wyślij zaproszenie ponownie",
            Role = "Rola",
            SentLower = "wysłano",
            Set = "ustawiony",
            SomeoneElseOnThe = "Ktoś inny w personelu ma ten adres e-mail.",
            SomeoneWithThisEmail = "Ktoś z tym adresem e-mail już jest w personelu.",
            StaffMemberFull = "Członek personelu",
            StaffMembers = "Członkowie personelu",
            TheICSFeedAddress = "Adres kanału ICS jest niedozwolony: ",
            TheICSFeedMust = "Kanał ICS musi być adresem http(s) lub webcal.",
            TheLinkIsA = "Link jest tajny: nie będzie już wyświetlany. Zostaw puste, aby zachować obecny.",
            TheNameIsAtMost = "Imię i nazwisko może mieć najwyżej 255 znaków.",
            ThisIsTheCalendar = "To ostatni administrator kalendarza: najpierw nadaj komuś innemu rolę administratora, inaczej nikt nie mógłby zarządzać kalendarzem.",
            UseTheBusinessHours = "Godziny pracy firmy",
            WorkingHours = "Godziny pracy",
            YouCanSeeThese = "Możesz przeglądać te ustawienia, ale nie możesz ich zmieniać.",
            StaffHasBookings = (name, booked) => $"{name} ma jeszcze zarezerwowane wizyty od teraz (liczba: {booked}): najpierw przypisz je komuś innemu lub je odwołaj.",
            MaximumCap = what => $"Maksymalna liczba {what}: liczba całkowita od 1 do 1000 albo puste pole, gdy bez limitu.",
            RangeNeedsStartAndEnd = day => $"{PolishDay(day)}: każdy przedział potrzebuje początku i późniejszego końca (GG:mm).",
            SecondRangeAfterFirst = day => $"{PolishDay(day)}: drugi przedział musi zaczynać się po końcu pierwszego.",
            Diagnosis = PolishDiagnosis,
            FeedRefusal = PolishFeedRefusal,
            DiagnosisStatus = d => d.Status switch
            {
                SyncDiagnosis.Synced => "zsynchronizowany",
                SyncDiagnosis.Pending => "oczekuje",
                SyncDiagnosis.Stale => "nieaktualny",
                _ => "nie można synchronizować",
            },
        };
    }
}
