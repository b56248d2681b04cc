namespace Bookings.Web.Localization;

public sealed partial class AdminText
{
    /// <summary>The text of a calendar's overview, calendar views, appointments, customers and time off.</summary>
    public sealed class AgendaText
    {
        public required string GroupCannotBeMoved { get; init; }
        public required string ActionColumn { get; init; }
        public required string Add { get; init; }
        public required string AddStaff { get; init; }
        public required string AddTimeOff { get; init; }
        public required string AllCustomers { get; init; }
        public required string AnotherStaffMemberSame { get; init; }
        public required string AnswersAndNotes { get; init; }
        public required string Appointment { get; init; }
        public required string AppointmentsIn { get; init; }
        public required string AppointmentsInTheWeek { get; init; }
        public required string AppointmentsOn { get; init; }
        public required string Attendees { get; init; }
        public required string BackToTheCalendar { get; init; }
        public required string Book { get; init; }
        public required string Booked { get; init; }
        public required string BookingPagePreview { get; init; }
        public required string BookingPageSettings { get; init; }
        public required string CancelTheAppointment { get; init; }
        public required string CancelTheWholeAppointment { get; init; }
        public required string CancelThisSeat { get; init; }
        public required string Cancelled { get; init; }
        public required string CancelledAndEveryoneTold { get; init; }
        public required string ChooseAService { get; init; }
        public required string ChooseAStaffMember { get; init; }
        public required string CloneThisCalendarLink { get; init; }
        public required string Closed { get; init; }
        public required string Customer { get; init; }
        public required string Date { get; init; }
        public required string Dates { get; init; }
        public required string EndDate { get; init; }
        public required string EndTime { get; init; }
        public required string NameTooLongOrControl { get; init; }
        public required string EnterCustomerName { get; init; }
        public required string EnterTheDate { get; init; }
        public required string EnterTheNewDate { get; init; }
        public required string EnterTheTime { get; init; }
        public required string EveryCustomerAndStaffTold { get; init; }
        public required string EverySeatTaken { get; init; }
        public required string Everyone { get; init; }
        public required string For { get; init; }
        public required string FromDate { get; init; }
        public required string FromTime { get; init; }
        public required string Month { get; init; }
        public required string Move { get; init; }
        public required string MoveTheAppointment { get; init; }
        public required string NewAppointment { get; init; }
        public required string NewDate { get; init; }
        public required string NewTime { get; init; }
        public required string Next { get; init; }
        public required string NextPage { get; init; }
        public required string NoUpcomingTimeOff { get; init; }
        public required string NobodyCanBeBooked { get; init; }
        public required string NobodyCanBeBookedDuring { get; init; }
        public required string None { get; init; }
        public required string Note { get; init; }
        public required string NoteForTheTeam { get; init; }
        public required string Notes { get; init; }
        public required string Pages { get; init; }
        public required string PastAppointments { get; init; }
        public required string Previous { get; init; }
        public required string PreviousPage { get; init; }
        public required string PublishedCalendar { get; init; }
        public required string Reassign { get; init; }
        public required string Search { get; init; }
        public required string SearchByNameEmail { get; init; }
        public required string SeatsTakenThisWeek { get; init; }
        public required string SomeDetailsNeedAttention { get; init; }
        public required string StartDate { get; init; }
        public required string StartTime { get; init; }
        public required string Status { get; init; }
        public required string TheAppointmentIsAlready { get; init; }
        public required string TheAppointmentWasCreated { get; init; }
        public required string TheAppointmentWasMoved { get; init; }
        public required string TheAppointmentWasReassigned { get; init; }
        public required string TheBusinessIsClosed { get; init; }
        public required string ChangeNotMade { get; init; }
        public required string CustomerAndStaffTold { get; init; }
        public required string EndAfterStart { get; init; }
        public required string NotesAreTooLong { get; init; }
        public required string StaffOffOrClosed { get; init; }
        public required string StaffLimitReached { get; init; }
        public required string ThisAppointmentIsAlready { get; init; }
        public required string InvalidEmail { get; init; }
        public required string InvalidPhone { get; init; }
        public required string ThisStaffMemberDoes { get; init; }
        public required string ThisTimeHasAlready { get; init; }
        public required string TimeHasAnotherAppointment { get; init; }
        public required string TimeOffAndClosures { get; init; }
        public required string TimesInTheBusiness { get; init; }
        public required string ToDate { get; init; }
        public required string ToTime { get; init; }
        public required string UpcomingAppointments { get; init; }
        public required string UpcomingTimeOff { get; init; }
        public required string View { get; init; }
        public required string Views { get; init; }
        public required string Week { get; init; }
        public required string WhenSlot { get; init; }
        public required string WholeBusiness { get; init; }
        public required string WholeBusinessClosure { get; init; }
        public required string WholeDaysTheTimes { get; init; }
        public required string WithAnEmailAddress { get; init; }
        public required string YouMayBookOutside { get; init; }
        public required Func<string, string, string, string> NoSuchDate { get; init; }
        public required Func<string, string> TimeOffOf { get; init; }
        public required Func<string, string, string> NewAppointmentAt { get; init; }
        public required Func<int, string> MoreAppointments { get; init; }
        public required Func<int, string> TimeOffTooLong { get; init; }
        public required Func<int, string> TimeOffNoteTooLong { get; init; }
        public required Func<string, string> EnterDateAs { get; init; }
        public required Func<string, string> EnterTimeAs { get; init; }
        public required Func<int, string> CustomersFound { get; init; }
        public required Func<int, int, string> PageOf { get; init; }

        public static readonly AgendaText En = new()
        {
            GroupCannotBeMoved = "A group appointment cannot be moved or reassigned; cancel seats instead.",
            ActionColumn = "Action",
            Add = "Add",
            AddStaff = "Add staff",
            AddTimeOff = "Add time off",
            AllCustomers = "All customers",
            AnotherStaffMemberSame = "Another staff member, same time",
            AnswersAndNotes = "Answers and notes",
            Appointment = "Appointment",
            AppointmentsIn = "Appointments in",
            AppointmentsInTheWeek = "Appointments in the week",
            AppointmentsOn = "Appointments on",
            Attendees = "Attendees",
            BackToTheCalendar = "Back to the calendar",
            Book = "Book",
            Booked = "Booked",
            BookingPagePreview = "Booking page (preview)",
            BookingPageSettings = "Booking page settings",
            CancelTheAppointment = "Cancel the appointment",
            CancelTheWholeAppointment = "Cancel the whole appointment",
            CancelThisSeat = "Cancel this seat",
            Cancelled = "Cancelled",
            CancelledAndEveryoneTold = "Cancelled. The customer and the staff are told.",
            ChooseAService = "Choose a service.",
            ChooseAStaffMember = "Choose a staff member.",
            CloneThisCalendarLink = "Clone this calendar",
            Closed = "Closed",
            Customer = "Customer",
            Date = "Date",
            Dates = "Dates",
            EndDate = "end date",
            EndTime = "end time",
            NameTooLongOrControl = "Enter a name of at most 200 characters, without control characters.",
            EnterCustomerName = "Enter the customer's name.",
            EnterTheDate = "Enter the date.",
            EnterTheNewDate = "Enter the new date and time.",
            EnterTheTime = "Enter the time.",
            EveryCustomerAndStaffTold = "Every customer and the staff are told.",
            EverySeatTaken = "Every seat at this time is taken. Nothing was changed.",
            Everyone = "Everyone",
            For = "For",
            FromDate = "From (date)",
            FromTime = "From (time)",
            Month = "Month",
            Move = "Move",
            MoveTheAppointment = "Move the appointment",
            NewAppointment = "New appointment",
            NewDate = "New date",
            NewTime = "New time",
            Next = "Next →",
            NextPage = "Next →",
            NoUpcomingTimeOff = "No upcoming time off.",
            NobodyCanBeBooked = "Nobody can be booked yet: this calendar has no active staff member.",
            NobodyCanBeBookedDuring = "Nobody can be booked during time off.",
            None = "None.",
            Note = "Note",
            NoteForTheTeam = "Note for the team (never shown to customers)",
            Notes = "Notes",
            Pages = "Pages",
            PastAppointments = "Past appointments",
            Previous = "← Previous",
            PreviousPage = "← Previous",
            PublishedCalendar = "Published",
            Reassign = "Reassign",
            Search = "Search",
            SearchByNameEmail = "Search by name, email or phone",
            SeatsTakenThisWeek = "Seats taken this week",
            SomeDetailsNeedAttention = "Some details need attention.",
            StartDate = "start date",
            StartTime = "start time",
            Status = "Status",
            TheAppointmentIsAlready = "The appointment is already at this time with this staff member.",
            TheAppointmentWasCreated = "The appointment was created. The customer and the staff are told.",
            TheAppointmentWasMoved = "The appointment was moved. The customer and the staff are told.",
            TheAppointmentWasReassigned = "The appointment was reassigned. The customer and the staff are told.",
            TheBusinessIsClosed = "The business is closed for part of this day.",
            ChangeNotMade = "The change could not be made.",
            CustomerAndStaffTold = "The customer and the staff are told.",
            EndAfterStart = "The end must be after the start.",
            NotesAreTooLong = "The notes are too long.",
            StaffOffOrClosed = "The staff member is off, or the business is closed, at this time. Nothing was changed.",
            StaffLimitReached = "The staff member's daily or weekly limit of bookings is reached. Nothing was changed.",
            ThisAppointmentIsAlready = "This appointment is already cancelled.",
            InvalidEmail = "This is not a valid email address.",
            InvalidPhone = "This is not a valid phone number.",
            ThisStaffMemberDoes = "This staff member does not perform this service.",
            ThisTimeHasAlready = "This time has already passed.",
            TimeHasAnotherAppointment = "This time is not free: the staff member has another appointment then. Nothing was changed.",
            TimeOffAndClosures = "Time off and closures",
            TimesInTheBusiness = "Times in the business time zone:",
            ToDate = "To (date)",
            ToTime = "To (time)",
            UpcomingAppointments = "Upcoming appointments",
            UpcomingTimeOff = "Upcoming time off",
            View = "View",
            Views = "Views",
            Week = "Week",
            WhenSlot = "When",
            WholeBusiness = "Whole business",
            WholeBusinessClosure = "Whole business (closure)",
            WholeDaysTheTimes = "Whole days (the times are ignored)",
            WithAnEmailAddress = "With an email address, the customer gets the confirmation and a link to manage the booking.",
            YouMayBookOutside = "You may book outside the working hours and the minimum lead time; a time already taken is refused. Times in",
            NoSuchDate = (date, first, last) => $"The calendar has no {date}: pick a date from {first} to {last}.",
            TimeOffOf = name => $"Time off: {name}",
            NewAppointmentAt = (time, staff) => $"New appointment at {time} with {staff}",
            MoreAppointments = n => $"+{n} more",
            TimeOffTooLong = days => $"Time off lasts at most {days} days; add several.",
            TimeOffNoteTooLong = n => $"The note is at most {n} characters.",
            EnterDateAs = what => $"Enter the {what} as YYYY-MM-DD.",
            EnterTimeAs = what => $"Enter the {what} as HH:mm.",
            CustomersFound = n => $"{n} customers found.",
            PageOf = (page, pages) => $"Page {page} of {pages}",
        };

        public static readonly AgendaText Pl = new()
        {
            GroupCannotBeMoved = "Spotkania grupowego nie można przenieść ani przekazać; zamiast tego anuluj miejsca.",
            ActionColumn = "Działanie",
            Add = "Dodaj",
            AddStaff = "Dodaj personel",
            AddTimeOff = "Dodaj czas wolny",
            AllCustomers = "Wszyscy klienci",
            AnotherStaffMemberSame = "Inny pracownik, ten sam termin",
            AnswersAndNotes = "Odpowiedzi i uwagi",
            Appointment = "Spotkanie",
            AppointmentsIn = "Spotkania w miesiącu:",
            AppointmentsInTheWeek = "Spotkania w tygodniu",
            AppointmentsOn = "Spotkania w dniu",
            Attendees = "Uczestnicy",
            BackToTheCalendar = "Powrót do kalendarza",
            Book = "Zarezerwuj",
            Booked = "Zarezerwowane",
            BookingPagePreview = "Strona rezerwacji (podgląd)",
            BookingPageSettings = "Ustawienia strony rezerwacji",
            CancelTheAppointment = "Anuluj spotkanie",
            CancelTheWholeAppointment = "Anuluj całe spotkanie",
            CancelThisSeat = "Anuluj to miejsce",
            Cancelled = "Anulowane",
            CancelledAndEveryoneTold = "Anulowano. Klient i pracownicy zostaną powiadomieni.",
            ChooseAService = "Wybierz usługę.",
            ChooseAStaffMember = "Wybierz pracownika.",
            CloneThisCalendarLink = "Sklonuj ten kalendarz",
            Closed = "Zamknięte",
            Customer = "Klient",
            Date = "Data",
            Dates = "Daty",
            EndDate = "data końca",
            EndTime = "godzina końca",
            NameTooLongOrControl = "Podaj imię i nazwisko (do 200 znaków, bez znaków sterujących).",
            EnterCustomerName = "Podaj imię i nazwisko klienta.",
            EnterTheDate = "Podaj datę.",
            EnterTheNewDate = "Podaj nową datę i godzinę.",
            EnterTheTime = "Podaj godzinę.",
            EveryCustomerAndStaffTold = "Wszyscy klienci i pracownicy zostaną powiadomieni.",
            EverySeatTaken = "Wszystkie miejsca w tym terminie są zajęte. Niczego nie zmieniono.",
            Everyone = "Wszyscy",
            For = "Dla",
            FromDate = "Od (data)",
            FromTime = "Od (godzina)",
            Month = "Miesiąc",
            Move = "Przenieś",
            MoveTheAppointment = "Przenieś spotkanie",
            NewAppointment = "Nowe spotkanie",
            NewDate = "Nowa data",
            NewTime = "Nowa godzina",
            Next = "Następny →",
            NextPage = "Następna →",
            NoUpcomingTimeOff = "Brak nadchodzącego czasu wolnego.",
            NobodyCanBeBooked = "Nikogo nie można jeszcze zarezerwować: ten kalendarz nie ma aktywnego personelu.",
            NobodyCanBeBookedDuring = "W czasie wolnym nie można nikogo zarezerwować.",
            None = "Brak.",
            Note = "Notatka",
            NoteForTheTeam = "Notatka dla zespołu (nigdy nie jest pokazywana klientom)",
            Notes = "Uwagi",
            Pages = "Strony",
            PastAppointments = "Minione spotkania",
            Previous = "← Poprzedni",
            PreviousPage = "← Poprzednia",
            PublishedCalendar = "Opublikowany",
            Reassign = "Przekaż",
            Search = "Szukaj",
            SearchByNameEmail = "Szukaj po nazwisku, e-mailu lub telefonie",
            SeatsTakenThisWeek = "Zajęte miejsca w tym tygodniu",
            SomeDetailsNeedAttention = "Niektóre dane wymagają poprawy.",
            StartDate = "data początku",
            StartTime = "godzina początku",
            Status = "Status",
            TheAppointmentIsAlready = "Spotkanie już jest w tym terminie z tym pracownikiem.",
            TheAppointmentWasCreated = "Spotkanie utworzono. Klient i pracownicy zostaną powiadomieni.",
            TheAppointmentWasMoved = "Spotkanie przeniesiono. Klient i pracownicy zostaną powiadomieni.",
            TheAppointmentWasReassigned = "Spotkanie przekazano. Klient i pracownicy zostaną powiadomieni.",
            TheBusinessIsClosed = "Firma jest zamknięta w części tego dnia.",
            ChangeNotMade = "Nie udało się wprowadzić zmiany.",
            CustomerAndStaffTold = "Klient i pracownicy zostaną powiadomieni.",
            EndAfterStart = "Koniec musi być po początku.",
            NotesAreTooLong = "Uwagi są za długie.",
            StaffOffOrClosed = "Pracownik ma wtedy czas wolny albo firma jest zamknięta. Niczego nie zmieniono.",
            StaffLimitReached = "Osiągnięto dzienny lub tygodniowy limit rezerwacji pracownika. Niczego nie zmieniono.",
            ThisAppointmentIsAlready = "To spotkanie jest już anulowane.",
            InvalidEmail = "To nie jest poprawny adres e-mail.",
            InvalidPhone = "To nie jest poprawny numer telefonu.",
            ThisStaffMemberDoes = "Ten pracownik nie wykonuje tej usługi.",
            ThisTimeHasAlready = "Ten termin już minął.",
            TimeHasAnotherAppointment = "Ten termin jest zajęty: pracownik ma wtedy inne spotkanie. Niczego nie zmieniono.",
            TimeOffAndClosures = "Czas wolny i dni zamknięcia",
            TimesInTheBusiness = "Godziny w strefie czasowej firmy:",
            ToDate = "Do (data)",
            ToTime = "Do (godzina)",
            UpcomingAppointments = "Nadchodzące spotkania",
            UpcomingTimeOff = "Nadchodzący czas wolny",
            View = "Widok",
            Views = "Widoki",
            Week = "Tydzień",
            WhenSlot = "Termin",
            WholeBusiness = "Cała firma",
            WholeBusinessClosure = "Cała firma (zamknięcie)",
            WholeDaysTheTimes = "Całe dni (godziny są pomijane)",
            WithAnEmailAddress = "Jeśli podasz adres e-mail, klient otrzyma potwierdzenie i link do zarządzania rezerwacją.",
            YouMayBookOutside = "Możesz rezerwować poza godzinami pracy i minimalnym wyprzedzeniem; zajęty termin zostanie odrzucony. Godziny w strefie",
            NoSuchDate = (date, first, last) => $"Kalendarz nie obejmuje dnia {date}: wybierz datę od {first} do {last}.",
            TimeOffOf = name => $"Czas wolny: {name}",
            NewAppointmentAt = (time, staff) => $"Nowe spotkanie o {time} z: {staff}",
            MoreAppointments = n => $"+{n} więcej",
            TimeOffTooLong = days => $"Czas wolny może trwać najwyżej {days} dni; dodaj kilka okresów.",
            TimeOffNoteTooLong = n => $"Notatka może mieć najwyżej {n} znaków.",
            EnterDateAs = what => $"Podaj {what} w formacie RRRR-MM-DD.",
            EnterTimeAs = what => $"Podaj {what} w formacie GG:mm.",
            CustomersFound = n => $"Znaleziono klientów: {n}.",
            PageOf = (page, pages) => $"Strona {page} z {pages}",
        };
    }
}
