using Bookings.Core.Calendars;

namespace Bookings.Web.Localization;

public sealed partial class AdminText
{
    /// <summary>The text of words more than one area of the admin app uses.</summary>
    public sealed class CommonText
    {
        public required string Action { get; init; }
        public required string Actions { get; init; }
        public required string AddressSlug { get; init; }
        public required string AuditLog { get; init; }
        public required string BookingPage { get; init; }
        public required string BusinessTimeZone { get; init; }
        public required string Calendar { get; init; }
        public required string Cancel { get; init; }
        public required string ChangesNewestFirst { get; init; }
        public required string ChooseATimeZone { get; init; }
        public required string Customers { get; init; }
        public required string Day { get; init; }
        public required string Details { get; init; }
        public required string Edit { get; init; }
        public required string Email { get; init; }
        public required string ExportCSVExcel { get; init; }
        public required string ExportTSV { get; init; }
        public required string FirstRangeFrom { get; init; }
        public required string FirstRangeTo { get; init; }
        public required string From { get; init; }
        public required string Language { get; init; }
        public required string Name { get; init; }
        public required string NoAppointmentsThisWeek { get; init; }
        public required string NoAppointmentsToday { get; init; }
        public required string NoChangesInThese { get; init; }
        public required string NotPublishedCalendar { get; init; }
        public required string OnlineMeeting { get; init; }
        public required string Overview { get; init; }
        public required string PersonName { get; init; }
        public required string Phone { get; init; }
        public required string Remove { get; init; }
        public required string Reports { get; init; }
        public required string RequiredLower { get; init; }
        public required string Save { get; init; }
        public required string Seats { get; init; }
        public required string SecondRangeFrom { get; init; }
        public required string SecondRangeTo { get; init; }
        public required string Service { get; init; }
        public required string Show { get; init; }
        public required string Staff { get; init; }
        public required string StaffMember { get; init; }
        public required string Target { get; init; }
        public required string TheNameIsAt { get; init; }
        public required string ThisWeek { get; init; }
        public required string Time { get; init; }
        public required string TimeZone { get; init; }
        public required string TimesIn { get; init; }
        public required string TimesInZone { get; init; }
        public required string To { get; init; }
        public required string Today { get; init; }
        public required string Who { get; init; }
        public required string ICSFeed { get; init; }
        public required string PrivacyPolicy { get; init; }
        public required string TermsAndConditions { get; init; }
        public required Func<string, string> ControlCharacterIn { get; init; }
        public required string SlugFormat { get; init; }
        public required Func<string, string> SlugUsedByAdminApp { get; init; }
        public required Func<string, string> SlugTaken { get; init; }
        public required Func<int, string> ShowingNewestChanges { get; init; }
        public required Func<StaffRole, string> Role { get; init; }
        public required Func<DayOfWeek, string> DayName { get; init; }
        public required string TimeOff { get; init; }
        public required string BusinessInformation { get; init; }
        public required string Services { get; init; }
        public required string Messages { get; init; }

        public static readonly CommonText En = new()
        {
            Action = "Action",
            Actions = "Actions",
            AddressSlug = "Address (slug)",
            AuditLog = "Audit log",
            BookingPage = "Booking page",
            BusinessTimeZone = "Business time zone",
            Calendar = "Calendar",
            Cancel = "Cancel",
            ChangesNewestFirst = "Changes, newest first",
            ChooseATimeZone = "Choose a time zone from the list.",
            Customers = "Customers",
            Day = "Day",
            Details = "Details",
            Edit = "Edit",
            Email = "Email",
            ExportCSVExcel = "Export CSV (Excel)",
            ExportTSV = "Export TSV",
            FirstRangeFrom = "first range, from",
            FirstRangeTo = "first range, to",
            From = "From",
            Language = "Language",
            Name = "Name",
            NoAppointmentsThisWeek = "No appointments this week.",
            NoAppointmentsToday = "No appointments today.",
            NoChangesInThese = "No changes in these dates.",
            NotPublishedCalendar = "Not published",
            OnlineMeeting = "Online meeting",
            Overview = "Overview",
            PersonName = "Name",
            Phone = "Phone",
            Remove = "Remove",
            Reports = "Reports",
            RequiredLower = "required",
            Save = "Save",
            Seats = "Seats",
            SecondRangeFrom = "second range, from",
            SecondRangeTo = "second range, to",
            Service = "Service",
            Show = "Show",
            Staff = "Staff",
            StaffMember = "Staff",
            Target = "Target",
            TheNameIsAt = "The name is at most 200 characters.",
            ThisWeek = "This week",
            Time = "Time",
            TimeZone = "Time zone",
            TimesIn = "Times in",
            TimesInZone = "Times in",
            To = "To",
            Today = "Today",
            Who = "Who",
            ICSFeed = "ICS feed",
            PrivacyPolicy = "Privacy policy",
            TermsAndConditions = "Terms and conditions",
            ControlCharacterIn = field => $"{field}: a control character (a line break, a tab…) cannot be part of this value; remove it.",
            SlugFormat = "The slug must be 1–64 lowercase letters, digits or hyphens, starting and ending with a letter or digit.",
            SlugUsedByAdminApp = slug => $"The admin app uses “{slug}” itself; choose another slug.",
            SlugTaken = slug => $"A calendar with the slug “{slug}” already exists; choose another.",
            ShowingNewestChanges = n => $"Showing the newest {n} changes; narrow the dates or export them all.",
            Role = role => role switch
            {
                StaffRole.Administrator => "Administrator",
                StaffRole.Scheduler => "Scheduler",
                StaffRole.TeamMember => "Team member",
                StaffRole.Viewer => "Viewer",
                StaffRole.Guest => "Guest",
                _ => "External guest",
            },
            DayName = EnglishDay,
            TimeOff = "Time off",
            BusinessInformation = "Business information",
            Services = "Services",
            Messages = "Messages",
        };

        public static readonly CommonText Pl = new()
        {
            Action = "Czynność",
            Actions = "Działania",
            AddressSlug = "Adres (slug)",
            AuditLog = "Dziennik zmian",
            BookingPage = "Strona rezerwacji",
            BusinessTimeZone = "Strefa czasowa firmy",
            Calendar = "Kalendarz",
            Cancel = "Anuluj",
            ChangesNewestFirst = "Zmiany, od najnowszych",
            ChooseATimeZone = "Wybierz strefę czasową z listy.",
            Customers = "Klienci",
            Day = "Dzień",
            Details = "Szczegóły",
            Edit = "Edytuj",
            Email = "E-mail",
            ExportCSVExcel = "Eksportuj CSV (Excel)",
            ExportTSV = "Eksportuj TSV",
            FirstRangeFrom = "pierwszy przedział, od",
            FirstRangeTo = "pierwszy przedział, do",
            From = "Od",
            Language = "Język",
            Name = "Nazwa",
            NoAppointmentsThisWeek = "Brak spotkań w tym tygodniu.",
            NoAppointmentsToday = "Brak spotkań dzisiaj.",
            NoChangesInThese = "Brak zmian w tych dniach.",
            NotPublishedCalendar = "Nieopublikowany",
            OnlineMeeting = "Spotkanie online",
            Overview = "Przegląd",
            PersonName = "Imię i nazwisko",
            Phone = "Telefon",
            Remove = "Usuń",
            Reports = "Raporty",
            RequiredLower = "wymagane",
            Save = "Zapisz",
            Seats = "Miejsca",
            SecondRangeFrom = "drugi przedział, od",
            SecondRangeTo = "drugi przedział, do",
            Service = "Usługa",
            Show = "Pokaż",
            Staff = "Personel",
            StaffMember = "Pracownik",
            Target = "Obiekt",
            TheNameIsAt = "Nazwa może mieć najwyżej 200 znaków.",
            ThisWeek = "Ten tydzień",
            Time = "Godzina",
            TimeZone = "Strefa czasowa",
            TimesIn = "Godziny w strefie",
            TimesInZone = "Czas w strefie",
            To = "Do",
            Today = "Dziś",
            Who = "Kto",
            ICSFeed = "Kanał ICS",
            PrivacyPolicy = "Polityka prywatności",
            TermsAndConditions = "Regulamin",
            ControlCharacterIn = field => $"{field}: znak sterujący (podział wiersza, tabulator…) nie może być częścią tej wartości; usuń go.",
            SlugFormat = "Adres (slug) może mieć 1–64 małe litery, cyfry lub łączniki i musi zaczynać się i kończyć literą lub cyfrą.",
            SlugUsedByAdminApp = slug => $"Adresu „{slug}” używa sam panel administracyjny; wybierz inny.",
            SlugTaken = slug => $"Kalendarz o adresie „{slug}” już istnieje; wybierz inny.",
            ShowingNewestChanges = n => $"Pokazano {n} najnowszych zmian; zawęź daty albo wyeksportuj wszystkie.",
            Role = role => role switch
            {
                StaffRole.Administrator => "Administrator",
                StaffRole.Scheduler => "Planista",
                StaffRole.TeamMember => "Członek zespołu",
                StaffRole.Viewer => "Obserwator",
                StaffRole.Guest => "Gość",
                _ => "Gość zewnętrzny",
            },
            DayName = PolishDay,
            TimeOff = "Czas wolny",
            BusinessInformation = "Informacje o firmie",
            Services = "Usługi",
            Messages = "Wiadomości",
        };
    }
}
