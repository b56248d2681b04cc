namespace Bookings.Web.Localization;

public sealed partial class AdminText
{
    /// <summary>The text of services and the questions they ask customers.</summary>
    public sealed class ServicesText
    {
        public required string AChoiceQuestionNeeds { get; init; }
        public required string OnlineMeetingLinkHelp { get; init; }
        public required string AQuestionIsAt { get; init; }
        public required string AddAQuestion { get; init; }
        public required string AddTheQuestion { get; init; }
        public required string AfterTheEnd { get; init; }
        public required string AllServices { get; init; }
        public required string Answer { get; init; }
        public required string AnswersToChooseFrom { get; init; }
        public required string Ask { get; init; }
        public required string AtMost50Answers { get; init; }
        public required string Basics { get; init; }
        public required string BeforeTheStart { get; init; }
        public required string BookingOptions { get; init; }
        public required string BufferAfter { get; init; }
        public required string BufferBefore { get; init; }
        public required string ConfirmationsAndRemindersBy { get; init; }
        public required string CreateTheService { get; init; }
        public required string CustomersMayManage { get; init; }
        public required string CustomersMayChooseStaff { get; init; }
        public required string CustomersMustGiveEmail { get; init; }
        public required string Delete { get; init; }
        public required string DescriptionCustomersSeeIt { get; init; }
        public required string Duration { get; init; }
        public required string EachServiceChoosesWhich { get; init; }
        public required string EditTheQuestion { get; init; }
        public required string FollowUp { get; init; }
        public required string Hidden { get; init; }
        public required string HiddenFromCustomers { get; init; }
        public required string HowFarAheadCustomers { get; init; }
        public required string MinimumLeadTimeHelp { get; init; }
        public required string PriceTypeLabel { get; init; }
        public required string ManageCalendarQuestions { get; init; }
        public required string MaximumAdvance { get; init; }
        public required string MeetingLink { get; init; }
        public required string Message { get; init; }
        public required string MinimumLeadTime { get; init; }
        public required string N1OneCustomerAt { get; init; }
        public required string NewService { get; init; }
        public required string NoQuestionsYet { get; init; }
        public required string NoServicesYetCustomers { get; init; }
        public required string NoneTickedEveryone { get; init; }
        public required string HiddenServiceHelp { get; init; }
        public required string NotesInternalCustomersNever { get; init; }
        public required string OneOf { get; init; }
        public required string OneOfTheAnswers { get; init; }
        public required string Online { get; init; }
        public required string OwnRules { get; init; }
        public required string Price { get; init; }
        public required string Question { get; init; }
        public required string Questions { get; init; }
        public required string QuestionsForCustomers { get; init; }
        public required string Reminder { get; init; }
        public required string Reminders { get; init; }
        public required string RemoveThisReminder { get; init; }
        public required string Required { get; init; }
        public required string RequiredInBrackets { get; init; }
        public required string SchedulingRules { get; init; }
        public required string SeatCount { get; init; }
        public required string SendConfirmationsToCalendar { get; init; }
        public required string SendCustomersAMeeting { get; init; }
        public required string SendSMSNotifications { get; init; }
        public required string SendTheCustomerA { get; init; }
        public required string SentBeforeTheAppointment { get; init; }
        public required string ServicesAskingIt { get; init; }
        public required string StaffWhoPerformThis { get; init; }
        public required string Text { get; init; }
        public required string ThisCalendarHasNo { get; init; }
        public required string ThisIsAnOnline { get; init; }
        public required string ThisQuestionNoLonger { get; init; }
        public required string ThisServiceNoLonger { get; init; }
        public required string TimeKeptFreeAfter { get; init; }
        public required string TimeKeptFreeBefore { get; init; }
        public required string TimeSlotInterval { get; init; }
        public required string Unit { get; init; }
        public required string UntickedTheCalendarS { get; init; }
        public required string UseThisServiceS { get; init; }
        public required string WriteTheQuestion { get; init; }
        public required string YouCanSeeThis { get; init; }
        public required string SMSNeedsTheCountries { get; init; }
        public required string GiveTheServiceA { get; init; }
        public required string TheDurationMustBe { get; init; }
        public required string ABufferIsA { get; init; }
        public required string ThePriceIsA { get; init; }
        public required string SeatsMustBeA { get; init; }
        public required string TheMeetingLinkMust { get; init; }
        public required string PickStaffMembersOf { get; init; }
        public required string TheTimeSlotInterval { get; init; }
        public required string TheMinimumLeadTime { get; init; }
        public required string TheMaximumAdvanceIs { get; init; }
        public required string TheMaximumAdvanceMust { get; init; }
        public required string AReminderGoesOut { get; init; }
        public required string AFollowUpGoes { get; init; }
        public required string AFollowUpS { get; init; }
        public required string NotShown { get; init; }
        public required string FixedPrice { get; init; }
        public required string StartingAt { get; init; }
        public required string PerHour { get; init; }
        public required string Free { get; init; }
        public required string PriceVaries { get; init; }
        public required string CallUs { get; init; }
        public required string CustomerAndStaff { get; init; }
        public required Func<string, int, string> ServiceHasBookings { get; init; }
        public required Func<int, string> AllStaffCount { get; init; }
        public required Func<int, string> DescriptionTooLong { get; init; }
        public required Func<int, string> NotesTooLong { get; init; }
        public required Func<TimeSpan, string> ShortDuration { get; init; }
        public required Func<string, string> UnitName { get; init; }
        public required string ReminderMessageTooLong { get; init; }

        public static readonly ServicesText En = new()
        {
            AChoiceQuestionNeeds = "A choice question needs at least two answers, one per line.",
            OnlineMeetingLinkHelp = "A fixed link (a Zoom room) or one with {appointmentId}, replaced by each appointment's id so every appointment gets its own room. With Microsoft 365, a Teams meeting is made for each appointment and this link is not needed.",
            AQuestionIsAt = "A question is at most 500 characters.",
            AddAQuestion = "Add a question",
            AddTheQuestion = "Add the question",
            AfterTheEnd = "After the end",
            AllServices = "All services",
            Answer = "Answer",
            AnswersToChooseFrom = "Answers to choose from, one per line",
            Ask = "Ask",
            AtMost50Answers = "At most 50 answers of at most 200 characters each.",
            Basics = "Basics",
            BeforeTheStart = "Before the start",
            BookingOptions = "Booking options",
            BufferAfter = "Buffer after",
            BufferBefore = "Buffer before",
            ConfirmationsAndRemindersBy = "Confirmations and reminders by text message to customers who give a phone number.",
            CreateTheService = "Create the service",
            CustomersMayManage = "Customers may cancel and reschedule their booking",
            CustomersMayChooseStaff = "Customers may choose the staff member",
            CustomersMustGiveEmail = "Customers must give an email address",
            Delete = "Delete",
            DescriptionCustomersSeeIt = "Description (customers see it)",
            Duration = "Duration",
            EachServiceChoosesWhich = "Each service chooses which of these it asks, and whether an answer is required (on the service's page).",
            EditTheQuestion = "Edit the question",
            FollowUp = "Follow-up",
            Hidden = "hidden",
            HiddenFromCustomers = "Hidden from customers",
            HowFarAheadCustomers = "How far ahead customers can book.",
            MinimumLeadTimeHelp = "How soon before the start customers can still book.",
            PriceTypeLabel = "How the price is shown",
            ManageCalendarQuestions = "Manage the calendar's questions",
            MaximumAdvance = "Maximum advance",
            MeetingLink = "Meeting link",
            Message = "Message",
            MinimumLeadTime = "Minimum lead time",
            N1OneCustomerAt = "1: one customer at a time. More: a group service (a class, a workshop) with that many places.",
            NewService = "New service",
            NoQuestionsYet = "No questions yet.",
            NoServicesYetCustomers = "No services yet. Customers can book only once there is at least one.",
            NoneTickedEveryone = "None ticked: everyone can be booked for it.",
            HiddenServiceHelp = "Not listed on the booking page; staff can still book it here.",
            NotesInternalCustomersNever = "Notes (internal, customers never see them)",
            OneOf = "One of:",
            OneOfTheAnswers = "One of the answers below",
            Online = "online",
            OwnRules = "own rules",
            Price = "Price",
            Question = "Question",
            Questions = "Questions",
            QuestionsForCustomers = "Questions for customers",
            Reminder = "Reminder",
            Reminders = "Reminders",
            RemoveThisReminder = "Remove this reminder",
            Required = "Required",
            RequiredInBrackets = "(required)",
            SchedulingRules = "Scheduling rules",
            SeatCount = "Seats",
            SendConfirmationsToCalendar = "Send booking confirmations to the calendar's email address",
            SendCustomersAMeeting = "Send customers a meeting invitation",
            SendSMSNotifications = "Send SMS notifications",
            SendTheCustomerA = "Send the customer a message after the appointment",
            SentBeforeTheAppointment = "Sent before the appointment. Leave the last row empty to add none.",
            ServicesAskingIt = "Services asking it",
            StaffWhoPerformThis = "Staff who perform this service",
            Text = "Text",
            ThisCalendarHasNo = "This calendar has no questions yet.",
            ThisIsAnOnline = "This is an online meeting",
            ThisQuestionNoLonger = "This question no longer exists.",
            ThisServiceNoLonger = "This service no longer exists.",
            TimeKeptFreeAfter = "Time kept free after each appointment.",
            TimeKeptFreeBefore = "Time kept free before each appointment.",
            TimeSlotInterval = "Time slot interval",
            Unit = "unit",
            UntickedTheCalendarS = "Unticked: the calendar's rules apply and the values below are ignored.",
            UseThisServiceS = "Use this service's own scheduling rules",
            WriteTheQuestion = "Write the question.",
            YouCanSeeThis = "You can see this service's settings but not change them.",
            SMSNeedsTheCountries = "SMS needs the countries it may go to; this calendar lists none yet (set them in the calendar's settings first).",
            GiveTheServiceA = "Give the service a name.",
            TheDurationMustBe = "The duration must be a whole number of minutes, hours or days, more than zero and at most one day.",
            ABufferIsA = "A buffer is a whole number from zero to one day.",
            ThePriceIsA = "The price is a number of zero or more, e.g. 120 or 99.50.",
            SeatsMustBeA = "Seats must be a whole number from 1 (one customer at a time) to 10000.",
            TheMeetingLinkMust = "The meeting link must be a web address starting with https:// (or http://).",
            PickStaffMembersOf = "Pick staff members of this calendar.",
            TheTimeSlotInterval = "The time slot interval is from 5 minutes to one day.",
            TheMinimumLeadTime = "The minimum lead time is a whole number of zero or more (at most two years).",
            TheMaximumAdvanceIs = "The maximum advance is more than zero and at most two years (730 days).",
            TheMaximumAdvanceMust = "The maximum advance must be at least 24 hours more than the minimum lead time (or: minimum 0 with maximum 1 day).",
            AReminderGoesOut = "A reminder goes out from 1 minute to 90 days before the appointment.",
            AFollowUpGoes = "A follow-up goes out from 0 to 90 days after the appointment.",
            AFollowUpS = "A follow-up's message is at most 1000 characters.",
            NotShown = "Not shown",
            FixedPrice = "Fixed price",
            StartingAt = "Starting at",
            PerHour = "Per hour",
            Free = "Free",
            PriceVaries = "Price varies",
            CallUs = "Call us",
            CustomerAndStaff = "Customer and staff",
            ServiceHasBookings = (name, booked) => $"'{name}' has {booked} booked appointment(s) to come. Cancel or move them first, or hide the service from customers instead.",
            AllStaffCount = n => $"all ({n})",
            DescriptionTooLong = n => $"The description is at most {n} characters.",
            NotesTooLong = n => $"The notes are at most {n} characters.",
            ShortDuration = span => Abbreviated(span, "d", "h"),
            UnitName = unit => unit switch { "hours" => "hours", "days" => "days", _ => "minutes" },
            ReminderMessageTooLong = "A reminder's message is at most 1000 characters.",
        };

        public static readonly ServicesText Pl = new()
        {
            AChoiceQuestionNeeds = "Pytanie z wyborem potrzebuje co najmniej dwóch odpowiedzi, po jednej w wierszu.",
            OnlineMeetingLinkHelp = "Stały link (pokój Zoom) albo link z {appointmentId}, zastępowanym identyfikatorem wizyty, dzięki czemu każda wizyta ma własny pokój. W Microsoft 365 dla każdej wizyty tworzone jest spotkanie w Teams i ten link nie jest potrzebny.",
            AQuestionIsAt = "Pytanie może mieć najwyżej 500 znaków.",
            AddAQuestion = "Dodaj pytanie",
            AddTheQuestion = "Dodaj pytanie",
            AfterTheEnd = "Po zakończeniu",
            AllServices = "Wszystkie usługi",
            Answer = "Odpowiedź",
            AnswersToChooseFrom = "Odpowiedzi do wyboru, po jednej w wierszu",
            Ask = "Zadaj",
            AtMost50Answers = "Najwyżej 50 odpowiedzi, każda najwyżej 200 znaków.",
            Basics = "Podstawowe informacje",
            BeforeTheStart = "Przed początkiem",
            BookingOptions = "Opcje rezerwacji",
            BufferAfter = "Przerwa po",
            BufferBefore = "Przerwa przed",
            ConfirmationsAndRemindersBy = "Potwierdzenia i przypomnienia SMS-em dla klientów, którzy podadzą numer telefonu.",
            CreateTheService = "Utwórz usługę",
            CustomersMayManage = "Klienci mogą odwołać i przełożyć rezerwację",
            CustomersMayChooseStaff = "Klienci mogą wybrać osobę z personelu",
            CustomersMustGiveEmail = "Klienci muszą podać adres e-mail",
            Delete = "Usuń",
            DescriptionCustomersSeeIt = "Opis (widoczny dla klientów)",
            Duration = "Czas trwania",
            EachServiceChoosesWhich = "Każda usługa wybiera, które z tych pytań zadaje i czy odpowiedź jest wymagana (na stronie usługi).",
            EditTheQuestion = "Edytuj pytanie",
            FollowUp = "Wiadomość po wizycie",
            Hidden = "ukryta",
            HiddenFromCustomers = "Ukryta przed klientami",
            HowFarAheadCustomers = "Jak daleko naprzód klient może rezerwować.",
            MinimumLeadTimeHelp = "Najpóźniej na ile przed początkiem klient może zarezerwować.",
            PriceTypeLabel = "Jak pokazać cenę",
            ManageCalendarQuestions = "Zarządzaj pytaniami kalendarza",
            MaximumAdvance = "Maksymalne wyprzedzenie",
            MeetingLink = "Link do spotkania",
            Message = "Treść",
            MinimumLeadTime = "Minimalne wyprzedzenie",
            N1OneCustomerAt = "1: jeden klient naraz. Więcej: usługa grupowa (zajęcia, warsztat) z tyloma miejscami.",
            NewService = "Nowa usługa",
            NoQuestionsYet = "Brak pytań.",
            NoServicesYetCustomers = "Brak usług. Klienci mogą rezerwować dopiero, gdy jest co najmniej jedna.",
            NoneTickedEveryone = "Nikt nie zaznaczony: można zarezerwować każdego.",
            HiddenServiceHelp = "Nie pojawia się na stronie rezerwacji; personel nadal może ją tu zarezerwować.",
            NotesInternalCustomersNever = "Notatki (wewnętrzne, klienci ich nie widzą)",
            OneOf = "Jedna z:",
            OneOfTheAnswers = "Jedna z poniższych odpowiedzi",
            Online = "online",
            OwnRules = "własne zasady",
            Price = "Cena",
            Question = "Pytanie",
            Questions = "Pytania",
            QuestionsForCustomers = "Pytania do klientów",
            Reminder = "Przypomnienie",
            Reminders = "Przypomnienia",
            RemoveThisReminder = "Usuń to przypomnienie",
            Required = "Wymagane",
            RequiredInBrackets = "(wymagane)",
            SchedulingRules = "Zasady rezerwacji",
            SeatCount = "Liczba miejsc",
            SendConfirmationsToCalendar = "Wysyłaj potwierdzenia rezerwacji na adres e-mail kalendarza",
            SendCustomersAMeeting = "Wysyłaj klientom zaproszenie na spotkanie",
            SendSMSNotifications = "Wysyłaj powiadomienia SMS",
            SendTheCustomerA = "Wyślij klientowi wiadomość po wizycie",
            SentBeforeTheAppointment = "Wysyłane przed wizytą. Zostaw ostatni wiersz pusty, aby nic nie dodawać.",
            ServicesAskingIt = "Usługi, które je zadają",
            StaffWhoPerformThis = "Personel wykonujący tę usługę",
            Text = "Tekst",
            ThisCalendarHasNo = "Ten kalendarz nie ma jeszcze pytań.",
            ThisIsAnOnline = "To jest spotkanie online",
            ThisQuestionNoLonger = "To pytanie już nie istnieje.",
            ThisServiceNoLonger = "Ta usługa już nie istnieje.",
            TimeKeptFreeAfter = "Czas wolny po każdej wizycie.",
            TimeKeptFreeBefore = "Czas wolny przed każdą wizytą.",
            TimeSlotInterval = "Odstęp między terminami",
            Unit = "jednostka",
            UntickedTheCalendarS = "Niezaznaczone: obowiązują zasady kalendarza, a poniższe wartości są pomijane.",
            UseThisServiceS = "Użyj własnych zasad rezerwacji tej usługi",
            WriteTheQuestion = "Wpisz treść pytania.",
            YouCanSeeThis = "Możesz zobaczyć ustawienia tej usługi, ale nie możesz ich zmieniać.",
            SMSNeedsTheCountries = "SMS wymaga listy krajów, do których może trafiać; ten kalendarz jeszcze jej nie ma (ustaw ją najpierw w ustawieniach kalendarza).",
            GiveTheServiceA = "Podaj nazwę usługi.",
            TheDurationMustBe = "Czas trwania musi być liczbą całkowitą minut, godzin lub dni, większą od zera i nie dłuższą niż jeden dzień.",
            ABufferIsA = "Przerwa musi być liczbą całkowitą od zera do jednego dnia.",
            ThePriceIsA = "Cena to liczba równa zero lub większa, np. 120 lub 99,50.",
            SeatsMustBeA = "Liczba miejsc musi być liczbą całkowitą od 1 (jeden klient naraz) do 10000.",
            TheMeetingLinkMust = "Link do spotkania musi być adresem zaczynającym się od https:// (lub http://).",
            PickStaffMembersOf = "Wybierz osoby z personelu tego kalendarza.",
            TheTimeSlotInterval = "Odstęp między terminami wynosi od 5 minut do jednego dnia.",
            TheMinimumLeadTime = "Minimalne wyprzedzenie to liczba całkowita równa zero lub większa (najwyżej dwa lata).",
            TheMaximumAdvanceIs = "Maksymalne wyprzedzenie musi być większe od zera i wynosić najwyżej dwa lata (730 dni).",
            TheMaximumAdvanceMust = "Maksymalne wyprzedzenie musi być o co najmniej 24 godziny dłuższe niż minimalne (albo: minimalne 0 i maksymalne 1 dzień).",
            AReminderGoesOut = "Przypomnienie wychodzi od 1 minuty do 90 dni przed wizytą.",
            AFollowUpGoes = "Wiadomość po wizycie wychodzi od 0 do 90 dni po jej zakończeniu.",
            AFollowUpS = "Treść wiadomości po wizycie może mieć najwyżej 1000 znaków.",
            NotShown = "Nie pokazuj",
            FixedPrice = "Cena stała",
            StartingAt = "Cena od",
            PerHour = "Za godzinę",
            Free = "Bezpłatnie",
            PriceVaries = "Cena zmienna",
            CallUs = "Zadzwoń po cenę",
            CustomerAndStaff = "Klient i personel",
            ServiceHasBookings = (name, booked) => $"Usługa „{name}” ma nadchodzące zarezerwowane wizyty ({booked}). Najpierw je odwołaj lub przenieś albo ukryj usługę przed klientami.",
            AllStaffCount = n => $"wszyscy ({n})",
            DescriptionTooLong = n => $"Opis może mieć najwyżej {n} znaków.",
            NotesTooLong = n => $"Notatki mogą mieć najwyżej {n} znaków.",
            ShortDuration = span => Abbreviated(span, "d.", "godz."),
            UnitName = unit => unit switch { "hours" => "godzin", "days" => "dni", _ => "minut" },
            ReminderMessageTooLong = "Treść przypomnienia może mieć najwyżej 1000 znaków.",
        };
    }
}
