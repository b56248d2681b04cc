namespace Bookings.Web.Localization;

public sealed partial class AdminText
{
    /// <summary>The text of the booking page, business information, cloning, the audit log, reports and messages.</summary>
    public sealed class SettingsText
    {
        public required string ACopyIsA { get; init; }
        public required string AHexCodeEmpty { get; init; }
        public required string Address { get; init; }
        public required string AllowedEmbeddingOrigins { get; init; }
        public required string Anyone { get; init; }
        public required string Attachment { get; init; }
        public required string Business { get; init; }
        public required string BusinessHours { get; init; }
        public required string BusinessHoursAndThe { get; init; }
        public required string BusinessName { get; init; }
        public required string BusinessType { get; init; }
        public required string CSVExcel { get; init; }
        public required string ChooseALanguageFrom { get; init; }
        public required string ChooseTSVOrCSV { get; init; }
        public required string City { get; init; }
        public required string Clone { get; init; }
        public required string CloneThisCalendar { get; init; }
        public required string ClosedLower { get; init; }
        public required string Colour { get; init; }
        public required string ConsentAndPolicies { get; init; }
        public required string ConsentMessage { get; init; }
        public required string Contact { get; init; }
        public required string CountryOrRegion { get; init; }
        public required string CreateTheCopy { get; init; }
        public required string Created { get; init; }
        public required string Currency { get; init; }
        public required string CustomersCanOpenThe { get; init; }
        public required string CustomersGetNotFound { get; init; }
        public required string CustomersMustAgreeBefore { get; init; }
        public required string DatesMustBeIn { get; init; }
        public required string Download { get; init; }
        public required string Dropped { get; init; }
        public required string Due { get; init; }
        public required string EmbedInYourWebsite { get; init; }
        public required string EmbeddingAndSMS { get; init; }
        public required string EnterDatesAsYyyy { get; init; }
        public required string EnterDatesAsYyyyMM { get; init; }
        public required string EnterTheBusinessName { get; init; }
        public required string EnterTheNewCalendar { get; init; }
        public required string EveryChangeAnAdministrator { get; init; }
        public required string Failing { get; init; }
        public required string FirstRange { get; init; }
        public required string Format { get; init; }
        public required string ISO4217CodeEUR { get; init; }
        public required string ItsBookingPageIs { get; init; }
        public required string KeepThePageOut { get; init; }
        public required string Kind { get; init; }
        public required string LanguageCurrencyAndTime { get; init; }
        public required string LastError { get; init; }
        public required string Look { get; init; }
        public required string MessagesNewestFirst { get; init; }
        public required string MessagesToCustomersAnd { get; init; }
        public required string NoMessagesYet { get; init; }
        public required string NotPublishedPage { get; init; }
        public required string OnePerLineSuch { get; init; }
        public required string OnlyPeopleInMy { get; init; }
        public required string OnlyTenantAdministratorsMay { get; init; }
        public required string OpenAPreviewOf { get; init; }
        public required string OtherwiseCustomersChooseTheir { get; init; }
        public required string Outbox { get; init; }
        public required string PasteThisHTMLWhere { get; init; }
        public required string Pending { get; init; }
        public required string PendingMessagesGoOut { get; init; }
        public required string PostalCode { get; init; }
        public required string Preview { get; init; }
        public required string PrivacyPolicyAddress { get; init; }
        public required string Publish { get; init; }
        public required string PublishedPage { get; init; }
        public required string Publishing { get; init; }
        public required string SMSRegions { get; init; }
        public required string SecondRange { get; init; }
        public required string SendAgain { get; init; }
        public required string Sent { get; init; }
        public required string SentFeminine { get; init; }
        public required string ShowTimesInThe { get; init; }
        public required string SomeServicesSendSMS { get; init; }
        public required string State { get; init; }
        public required string MessageStatus { get; init; }
        public required string StateOrProvince { get; init; }
        public required string Street { get; init; }
        public required string TSVTabSeparated { get; init; }
        public required string TermsAndConditionsAddress { get; init; }
        public required string TheBookingPageIs { get; init; }
        public required string TheBookingPageIsUnpublished { get; init; }
        public required string TheColourIsA { get; init; }
        public required string TheConsentMessageIs { get; init; }
        public required string TheCopy { get; init; }
        public required string TheCurrencyIsA { get; init; }
        public required string TheMessageIsQueued { get; init; }
        public required string TheNewCalendarGets { get; init; }
        public required string ThePageMayBe { get; init; }
        public required string ThePrivacyPolicyMust { get; init; }
        public required string TheStartDateMust { get; init; }
        public required string TheTermsAndConditions { get; init; }
        public required string TheWebsiteMustBe { get; init; }
        public required string ThesePeopleAndTenant { get; init; }
        public required string TwoLetterCodesSeparated { get; init; }
        public required string Unpublish { get; init; }
        public required string UpToTwoRanges { get; init; }
        public required string Website { get; init; }
        public required string When { get; init; }
        public required string WhoCanBook { get; init; }
        public required string WriteTheConsentMessage { get; init; }
        public required string YouCanReadThese { get; init; }
        public required Func<string, string> NotAnEmailAddress { get; init; }
        public required Func<string, string> NotAPhoneNumber { get; init; }
        public required Func<DayOfWeek, string> GiveBothTimes { get; init; }
        public required Func<DayOfWeek, string> RangeMustEndAfterStart { get; init; }
        public required Func<DayOfWeek, string> RangesOverlap { get; init; }
        public required Func<string, string> NotAnOrigin { get; init; }
        public required Func<string, string> NotARegionCode { get; init; }
        public required Func<string, string> CopyName { get; init; }
        public required Func<string, int, string> ReportRows { get; init; }
        public required string ReportYears { get; init; }
        public required string ReportStartAfterEnd { get; init; }
        public required Func<int, string> ReportTooLong { get; init; }
        public required Func<string, string> StoreRefusedMailbox { get; init; }

        public static readonly SettingsText En = new()
        {
            ACopyIsA = "A copy is a new calendar, and your organisation does not let you create calendars.",
            AHexCodeEmpty = "A hex code; empty: the default blue.",
            Address = "Address",
            AllowedEmbeddingOrigins = "Allowed embedding origins",
            Anyone = "Anyone",
            Attachment = "Attachment",
            Business = "Business",
            BusinessHours = "Business hours",
            BusinessHoursAndThe = "Business hours and the admin app's times are in this zone.",
            BusinessName = "Business name",
            BusinessType = "Business type",
            CSVExcel = "CSV (Excel)",
            ChooseALanguageFrom = "Choose a language from the list.",
            ChooseTSVOrCSV = "Choose TSV or CSV.",
            City = "City",
            Clone = "Clone",
            CloneThisCalendar = "Clone this calendar",
            ClosedLower = "closed",
            Colour = "Colour",
            ConsentAndPolicies = "Consent and policies",
            ConsentMessage = "Consent message",
            Contact = "Contact",
            CountryOrRegion = "Country or region",
            CreateTheCopy = "Create the copy",
            Created = "Created",
            Currency = "Currency",
            CustomersCanOpenThe = " Customers can open the page and book.",
            CustomersGetNotFound = " Customers get “not found”; you can still preview it.",
            CustomersMustAgreeBefore = "Customers must agree before booking",
            DatesMustBeIn = "Dates must be in the years 2000 to 2200.",
            Download = "Download",
            Dropped = "dropped",
            Due = "Due",
            EmbedInYourWebsite = "Embed in your website",
            EmbeddingAndSMS = "Embedding and SMS",
            EnterDatesAsYyyy = "Enter dates as yyyy-MM-dd.",
            EnterDatesAsYyyyMM = "Enter dates as yyyy-MM-dd.",
            EnterTheBusinessName = "Enter the business name.",
            EnterTheNewCalendar = "Enter the new calendar's name.",
            EveryChangeAnAdministrator = "Every change an administrator made to this calendar: who, when, what. Times in",
            Failing = "failing",
            FirstRange = "First range",
            Format = "Format",
            ISO4217CodeEUR = "ISO 4217 code: EUR, PLN, USD…",
            ItsBookingPageIs = "Its booking page is /book/ followed by this: lowercase letters, digits and hyphens.",
            KeepThePageOut = "Keep the page out of search engines",
            Kind = "Kind",
            LanguageCurrencyAndTime = "Language, currency and time zone",
            LastError = "Last error",
            Look = "Look",
            MessagesNewestFirst = "Messages, newest first",
            MessagesToCustomersAnd = "Messages to customers and the booking page's default language.",
            NoMessagesYet = "No messages yet.",
            NotPublishedPage = "Not published",
            OnePerLineSuch = "One per line, such as https://www.contoso.com. Empty: no site may frame the page.",
            OnlyPeopleInMy = "Only people in my organisation (they sign in first)",
            OnlyTenantAdministratorsMay = "Only tenant administrators may.",
            OpenAPreviewOf = "Open a preview of the booking page",
            OtherwiseCustomersChooseTheir = "Otherwise customers choose their own zone.",
            Outbox = "Outbox",
            PasteThisHTMLWhere = "Paste this HTML where the booking page should appear:",
            Pending = "pending",
            PendingMessagesGoOut = "Pending messages go out within seconds; reminders wait for their time.",
            PostalCode = "Postal code",
            Preview = "Preview",
            PrivacyPolicyAddress = "Privacy policy (address)",
            Publish = "Publish",
            PublishedPage = "Published",
            Publishing = "Publishing",
            SMSRegions = "SMS regions",
            SecondRange = "Second range",
            SendAgain = "Send again",
            Sent = "Sent",
            SentFeminine = "sent",
            ShowTimesInThe = "Show times in the business time zone",
            SomeServicesSendSMS = "Some services send SMS: keep at least one SMS region, or turn SMS off in those services first.",
            State = "State",
            MessageStatus = "Status",
            StateOrProvince = "State or province",
            Street = "Street",
            TSVTabSeparated = "TSV (tab-separated)",
            TermsAndConditionsAddress = "Terms and conditions (address)",
            TheBookingPageIs = "The booking page is published: customers can book.",
            TheBookingPageIsUnpublished = "The booking page is unpublished: customers cannot open it.",
            TheColourIsA = "The colour is a hex code such as #2f6fed.",
            TheConsentMessageIs = "The consent message is at most 2000 characters.",
            TheCopy = "The copy",
            TheCurrencyIsA = "The currency is a three-letter ISO 4217 code such as EUR, PLN or USD.",
            TheMessageIsQueued = "The message is queued again and goes out shortly.",
            TheNewCalendarGets = "The new calendar gets this one's services, staff and their roles, custom questions, business information and hours, scheduling policy, booking page settings and message templates. It gets no appointments, customers, time off, ICS feeds or open invitations, and it starts unpublished.",
            ThePageMayBe = "The page may be framed only by the origins listed under “Allowed embedding origins” below: add your website's origin (such as https://www.contoso.com) there first.",
            ThePrivacyPolicyMust = "The privacy policy must be an address starting with https:// or http://.",
            TheStartDateMust = "The start date must not be after the end date.",
            TheTermsAndConditions = "The terms and conditions must be an address starting with https:// or http://.",
            TheWebsiteMustBe = "The website must be an address starting with https:// or http://.",
            ThesePeopleAndTenant = "These people (and tenant administrators) may:",
            TwoLetterCodesSeparated = "Two-letter codes separated by spaces (PL GB); SMS goes only to numbers from these regions. Empty: no SMS.",
            Unpublish = "Unpublish",
            UpToTwoRanges = "Up to two ranges a day, as HH:MM (24:00 is midnight at the end of the day). A day with no range is closed.",
            Website = "Website",
            When = "When",
            WhoCanBook = "Who can book",
            WriteTheConsentMessage = "Write the consent message customers agree to, or turn consent off.",
            YouCanReadThese = "You can read these settings; only the calendar's administrators can change them.",
            NotAnEmailAddress = email => $"“{email}” is not an email address.",
            NotAPhoneNumber = phone => $"“{phone}” is not a phone number.",
            GiveBothTimes = day => $"{EnglishDay(day)}: give both times of a range as HH:MM, such as 09:00 and 17:00.",
            RangeMustEndAfterStart = day => $"{EnglishDay(day)}: a range must end after it starts.",
            RangesOverlap = day => $"{EnglishDay(day)}: the two ranges overlap.",
            NotAnOrigin = line => $"“{line}” is not an origin such as https://www.contoso.com (scheme and host, no path).",
            NotARegionCode = word => $"“{word}” is not a two-letter region code such as PL or GB.",
            CopyName = name => $"{name} (copy)",
            ReportRows = (zone, days) => $"One row per seat booked, cancelled seats and appointments included, for the appointments that start within the dates (both included, in {zone}). At most {days} days.",
            ReportYears = "Dates must be in the years 2000 to 2200.",
            ReportStartAfterEnd = "The start date must not be after the end date.",
            ReportTooLong = days => $"A report covers at most {days} days.",
            StoreRefusedMailbox = message => $"The store refused to create the calendar's mailbox ({message}). On Microsoft 365 an administrator creates it with: bookings calendars create SLUG --name NAME --mailbox ADDRESS.",
        };

        public static readonly SettingsText Pl = new()
        {
            ACopyIsA = "Kopia to nowy kalendarz, a Twoja organizacja nie pozwala Ci tworzyć kalendarzy.",
            AHexCodeEmpty = "Kod szesnastkowy; puste: domyślny niebieski.",
            Address = "Adres",
            AllowedEmbeddingOrigins = "Dozwolone źródła osadzania",
            Anyone = "Każdy",
            Attachment = "Załącznik",
            Business = "Firma",
            BusinessHours = "Godziny pracy",
            BusinessHoursAndThe = "Godziny pracy i czasy w panelu są w tej strefie.",
            BusinessName = "Nazwa firmy",
            BusinessType = "Rodzaj działalności",
            CSVExcel = "CSV (Excel)",
            ChooseALanguageFrom = "Wybierz język z listy.",
            ChooseTSVOrCSV = "Wybierz TSV lub CSV.",
            City = "Miejscowość",
            Clone = "Klonuj",
            CloneThisCalendar = "Klonuj ten kalendarz",
            ClosedLower = "nieczynne",
            Colour = "Kolor",
            ConsentAndPolicies = "Zgoda i zasady",
            ConsentMessage = "Treść zgody",
            Contact = "Kontakt",
            CountryOrRegion = "Kraj lub region",
            CreateTheCopy = "Utwórz kopię",
            Created = "Utworzono",
            Currency = "Waluta",
            CustomersCanOpenThe = " Klienci mogą otworzyć stronę i rezerwować.",
            CustomersGetNotFound = " Klienci zobaczą „nie znaleziono”; Ty możesz ją podejrzeć.",
            CustomersMustAgreeBefore = "Klienci muszą wyrazić zgodę przed rezerwacją",
            DatesMustBeIn = "Daty muszą przypadać w latach 2000–2200.",
            Download = "Pobierz",
            Dropped = "porzucona",
            Due = "Termin",
            EmbedInYourWebsite = "Osadzanie na Twojej stronie",
            EmbeddingAndSMS = "Osadzanie i SMS",
            EnterDatesAsYyyy = "Podaj daty w formacie rrrr-mm-dd.",
            EnterDatesAsYyyyMM = "Podaj daty w formacie rrrr-MM-dd (yyyy-MM-dd).",
            EnterTheBusinessName = "Podaj nazwę firmy.",
            EnterTheNewCalendar = "Podaj nazwę nowego kalendarza.",
            EveryChangeAnAdministrator = "Każda zmiana wprowadzona w tym kalendarzu przez administratorów: kto, kiedy, co. Godziny w strefie",
            Failing = "błąd wysyłki",
            FirstRange = "Pierwszy przedział",
            Format = "Format",
            ISO4217CodeEUR = "Kod ISO 4217: EUR, PLN, USD…",
            ItsBookingPageIs = "Jego strona rezerwacji to /book/ i ten adres: małe litery, cyfry i łączniki.",
            KeepThePageOut = "Nie pokazuj strony w wyszukiwarkach",
            Kind = "Rodzaj",
            LanguageCurrencyAndTime = "Język, waluta i strefa czasowa",
            LastError = "Ostatni błąd",
            Look = "Wygląd",
            MessagesNewestFirst = "Wiadomości, od najnowszych",
            MessagesToCustomersAnd = "Wiadomości do klientów i domyślny język strony rezerwacji.",
            NoMessagesYet = "Nie ma jeszcze wiadomości.",
            NotPublishedPage = "Nieopublikowana",
            OnePerLineSuch = "Jedno w wierszu, np. https://www.contoso.com. Puste: żadna witryna nie może osadzić strony.",
            OnlyPeopleInMy = "Tylko osoby z mojej organizacji (najpierw się logują)",
            OnlyTenantAdministratorsMay = "Mogą to robić tylko administratorzy dzierżawy.",
            OpenAPreviewOf = "Otwórz podgląd strony rezerwacji",
            OtherwiseCustomersChooseTheir = "W przeciwnym razie klienci wybierają własną strefę.",
            Outbox = "Wiadomości wychodzące",
            PasteThisHTMLWhere = "Wklej ten kod HTML tam, gdzie ma się pojawić strona rezerwacji:",
            Pending = "oczekuje",
            PendingMessagesGoOut = "Oczekujące wiadomości wychodzą w ciągu kilku sekund; przypomnienia czekają na swoją porę.",
            PostalCode = "Kod pocztowy",
            Preview = "Podgląd",
            PrivacyPolicyAddress = "Polityka prywatności (adres)",
            Publish = "Opublikuj",
            PublishedPage = "Opublikowana",
            Publishing = "Publikacja",
            SMSRegions = "Regiony SMS",
            SecondRange = "Drugi przedział",
            SendAgain = "Wyślij ponownie",
            Sent = "Wysłano",
            SentFeminine = "wysłana",
            ShowTimesInThe = "Pokazuj godziny w strefie czasowej firmy",
            SomeServicesSendSMS = "Niektóre usługi wysyłają SMS-y: zostaw co najmniej jeden region SMS albo najpierw wyłącz SMS-y w tych usługach.",
            State = "Stan",
            MessageStatus = "Stan",
            StateOrProvince = "Województwo lub region",
            Street = "Ulica",
            TSVTabSeparated = "TSV (rozdzielany tabulatorami)",
            TermsAndConditionsAddress = "Regulamin (adres)",
            TheBookingPageIs = "Strona rezerwacji jest opublikowana: klienci mogą rezerwować.",
            TheBookingPageIsUnpublished = "Strona rezerwacji nie jest opublikowana: klienci nie mogą jej otworzyć.",
            TheColourIsA = "Kolor to kod szesnastkowy, np. #2f6fed.",
            TheConsentMessageIs = "Treść zgody może mieć najwyżej 2000 znaków.",
            TheCopy = "Kopia",
            TheCurrencyIsA = "Waluta to trzyliterowy kod ISO 4217, np. EUR, PLN lub USD.",
            TheMessageIsQueued = "Wiadomość jest ponownie w kolejce i wkrótce zostanie wysłana.",
            TheNewCalendarGets = "Nowy kalendarz dostanie usługi, personel z rolami, pytania, informacje o firmie i godziny pracy, zasady planowania, ustawienia strony rezerwacji i szablony wiadomości tego kalendarza. Nie dostanie wizyt, klientów, czasu wolnego, kanałów ICS ani otwartych zaproszeń i zacznie jako nieopublikowany.",
            ThePageMayBe = "Stronę mogą osadzać tylko źródła wymienione niżej w polu „Dozwolone źródła osadzania”: najpierw dodaj tam źródło swojej witryny (np. https://www.contoso.com).",
            ThePrivacyPolicyMust = "Polityka prywatności musi być adresem zaczynającym się od https:// lub http://.",
            TheStartDateMust = "Data początkowa nie może być późniejsza niż końcowa.",
            TheTermsAndConditions = "Regulamin musi być adresem zaczynającym się od https:// lub http://.",
            TheWebsiteMustBe = "Strona internetowa musi być adresem zaczynającym się od https:// lub http://.",
            ThesePeopleAndTenant = "Mogą to robić te osoby (oraz administratorzy dzierżawy):",
            TwoLetterCodesSeparated = "Dwuliterowe kody rozdzielone spacjami (PL GB); SMS-y trafiają tylko na numery z tych regionów. Puste: bez SMS-ów.",
            Unpublish = "Wycofaj publikację",
            UpToTwoRanges = "Do dwóch przedziałów dziennie, w formacie GG:MM (24:00 to północ na końcu dnia). Dzień bez przedziałów jest zamknięty.",
            Website = "Strona internetowa",
            When = "Kiedy",
            WhoCanBook = "Kto może rezerwować",
            WriteTheConsentMessage = "Wpisz treść zgody, którą klienci akceptują, albo wyłącz zgodę.",
            YouCanReadThese = "Możesz przeglądać te ustawienia; zmieniać je mogą tylko administratorzy kalendarza.",
            NotAnEmailAddress = email => $"„{email}” nie jest adresem e-mail.",
            NotAPhoneNumber = phone => $"„{phone}” nie jest numerem telefonu.",
            GiveBothTimes = day => $"{PolishDay(day)}: podaj obie godziny przedziału w formacie GG:MM, np. 09:00 i 17:00.",
            RangeMustEndAfterStart = day => $"{PolishDay(day)}: przedział musi kończyć się po swoim początku.",
            RangesOverlap = day => $"{PolishDay(day)}: oba przedziały nakładają się.",
            NotAnOrigin = line => $"„{line}” nie jest źródłem (origin) takim jak https://www.contoso.com (schemat i host, bez ścieżki).",
            NotARegionCode = word => $"„{word}” nie jest dwuliterowym kodem regionu, np. PL lub GB.",
            CopyName = name => $"{name} (kopia)",
            ReportRows = (zone, days) => $"Jeden wiersz na każde zarezerwowane miejsce, łącznie z anulowanymi miejscami i wizytami, dla wizyt zaczynających się w podanych dniach (oba włącznie, strefa {zone}). Najwyżej {days} dni.",
            ReportYears = "Daty muszą przypadać w latach 2000–2200.",
            ReportStartAfterEnd = "Data początkowa nie może być późniejsza niż data końcowa.",
            ReportTooLong = days => $"Raport obejmuje najwyżej {days} dni.",
            StoreRefusedMailbox = message => $"Magazyn danych odmówił utworzenia skrzynki kalendarza ({message}). W Microsoft 365 administrator tworzy ją poleceniem: bookings calendars create SLUG --name NAZWA --mailbox ADRES.",
        };
    }
}
