namespace Bookings.Web.Localization;

public sealed partial class AdminText
{
    /// <summary>The text of the admin layout, the calendar list, a new calendar, tenant policy, the Microsoft 365 check and the organisation's audit log.</summary>
    public sealed class HomeText
    {
        public required string ACalendarSScheduling { get; init; }
        public required string ADDRESS { get; init; }
        public required string ASharedMailboxNew { get; init; }
        public required string AcrossEveryCalendarYou { get; init; }
        public required string AdminBookings { get; init; }
        public required string AllCalendars { get; init; }
        public required string AskItToRun { get; init; }
        public required string AskOneOfThem { get; init; }
        public required string Assumption { get; init; }
        public required string AuditLogOfEvery { get; init; }
        public required string BackToAllCalendars { get; init; }
        public required string BackToTheOrganisation { get; init; }
        public required string BookingsIsTurnedOff { get; init; }
        public required string TurnedOffForOrganisation { get; init; }
        public required string BookingsIsTurnedOffForYour { get; init; }
        public required string CalendarLabel { get; init; }
        public required string CalendarSections { get; init; }
        public required string UnreachableCalendarsHeading { get; init; }
        public required string CheckAMailbox { get; init; }
        public required string CreateASchedulingMailbox { get; init; }
        public required string CreateCalendar { get; init; }
        public required string CreatingASchedulingMailbox { get; init; }
        public required string CreatingASchedulingMailboxNeeds { get; init; }
        public required string CurrentSettings { get; init; }
        public required string DeletedCalendar { get; init; }
        public required string Documentation { get; init; }
        public required string EnterTenantMailbox { get; init; }
        public required string EnterMailboxToUse { get; init; }
        public required string EnterCalendarName { get; init; }
        public required string EveryChangeAdministratorsMade { get; init; }
        public required string EveryoneMayUseAdmin { get; init; }
        public required string EveryoneWhoSignsInMay { get; init; }
        public required string ExchangeMayTakeAWhile { get; init; }
        public required string Failed { get; init; }
        public required string HowToChangeThem { get; init; }
        public required string IfItFails { get; init; }
        public required string InAppSettingsFile { get; init; }
        public required string ItsAddress { get; init; }
        public required string Links { get; init; }
        public required string LocalAccounts { get; init; }
        public required string MadeWithYourMicrosoft { get; init; }
        public required string Mailbox { get; init; }
        public required string MailboxAddress { get; init; }
        public required string Microsoft365Check { get; init; }
        public required string AccessRefusedToMailboxes { get; init; }
        public required string GraphDidNotAnswer { get; init; }
        public required string NewCalendar { get; init; }
        public required string NoteLower { get; init; }
        public required string NotesLower { get; init; }
        public required string NothingWasSaved { get; init; }
        public required string Off { get; init; }
        public required string On { get; init; }
        public required string OnMicrosoft365Every { get; init; }
        public required string OnTheCommandLine { get; init; }
        public required string OnlyAdministratorsAndStaff { get; init; }
        public required string OnlyThesePeopleMayCreate { get; init; }
        public required string OrAsEnvironmentVariables { get; init; }
        public required string OrganisationPolicy { get; init; }
        public required string Passed { get; init; }
        public required string RestartToApplyCreators { get; init; }
        public required string Result { get; init; }
        public required string RunTheCheck { get; init; }
        public required string Saved { get; init; }
        public required string Seen { get; init; }
        public required string SignOut { get; init; }
        public required string Slug { get; init; }
        public required string ChangedBySomeoneElse { get; init; }
        public required string TenantPolicy { get; init; }
        public required string TheBookingPageIsBook { get; init; }
        public required string TheBusinessNameCustomers { get; init; }
        public required string TheCalendarStartsOpen { get; init; }
        public required string TheCalendarStartsOpenMonday { get; init; }
        public required string CalendarNotCreated { get; init; }
        public required string TheCalendarWillAppear { get; init; }
        public required string FixAddMailboxesToScope { get; init; }
        public required string TheOrganisationSRules { get; init; }
        public required string CheckIsForMicrosoft365 { get; init; }
        public required string MailboxCreationNotSetUp { get; init; }
        public required string TriesEverythingTheMicrosoft { get; init; }
        public required string TryEverythingTheMicrosoft { get; init; }
        public required string UseAnExistingMailbox { get; init; }
        public required string WhatTheStoreRelies { get; init; }
        public required string WhenUTC { get; init; }
        public required string YouAreBackFrom { get; init; }
        public required string YouHaveNoRole { get; init; }
        public required string YourAppointments { get; init; }
        public required string YourCalendars { get; init; }
        public required string YourOrganisationLetsOnly { get; init; }
        public required string YourRole { get; init; }
        public required Func<string, string> NotAMailboxAddress { get; init; }
        public required Func<string, string> MailboxIsACalendarAlready { get; init; }
        public required Func<string, string, string, string> MailboxNotCreated { get; init; }
        public required Func<string, string, string> NoMailboxToAdopt { get; init; }
        public required Func<string, string> StoreRefusedToCreate { get; init; }
        public required Func<string, string> MailboxCreatedCalendarNot { get; init; }
        public required Func<string, string> CalendarRegisteredOutOfScope { get; init; }
        /// <summary>Said only where the page speaks another language than the check's own English descriptions.</summary>
        public required string? ChecksDescribedInEnglish { get; init; }

        public static readonly HomeText En = new()
        {
            ACalendarSScheduling = "A calendar's scheduling mailbox, or a mailbox that is to become one. It must be in the app's scope (infra/exchange-scope.ps1).",
            ADDRESS = "ADDRESS",
            ASharedMailboxNew = "A shared mailbox (New-Mailbox -Shared) or a scheduling mailbox made in Microsoft Bookings, which IT has put in the app's Exchange scope (infra/exchange-scope.ps1).",
            AcrossEveryCalendarYou = "Across every calendar you can open; each calendar's times in its own business time zone.",
            AdminBookings = "Admin – Bookings",
            AllCalendars = "All calendars",
            AskItToRun = "Ask IT to run this (an Exchange administrator, in PowerShell; infra/entra-app.md):",
            AskOneOfThem = "Ask one of them, or your administrator, to create the calendar and add you to its staff.",
            Assumption = "Assumption",
            AuditLogOfEvery = "Audit log of every calendar",
            BackToAllCalendars = "Back to all calendars",
            BackToTheOrganisation = "Back to the organisation policy",
            BookingsIsTurnedOff = "Bookings is turned off",
            TurnedOffForOrganisation = "Bookings is turned off for your organisation. Only tenant administrators and existing staff of a calendar can use it.",
            BookingsIsTurnedOffForYour = "Bookings is turned off for your organisation: only tenant administrators can create calendars.",
            CalendarLabel = "Calendar:",
            CalendarSections = "Calendar sections",
            UnreachableCalendarsHeading = "Calendars the app cannot open",
            CheckAMailbox = "Check a mailbox",
            CreateASchedulingMailbox = "Create a scheduling mailbox, as Microsoft Bookings does",
            CreateCalendar = "Create calendar",
            CreatingASchedulingMailbox = "Creating a scheduling mailbox needs a Microsoft sign-in: Microsoft 365 lets only a signed-in administrator create one, not the app. Sign out and sign in with Microsoft, or use an existing mailbox.",
            CreatingASchedulingMailboxNeeds = "Creating a scheduling mailbox needs a Microsoft sign-in (Microsoft 365 lets only a signed-in administrator create one, not the app), and this site has none: its operator sets up Microsoft sign-in (AzureAd settings). Meanwhile, use an existing mailbox.",
            CurrentSettings = "Current settings",
            DeletedCalendar = "(deleted calendar)",
            Documentation = "documentation",
            EnterTenantMailbox = "Enter the address of a mailbox of your tenant.",
            EnterMailboxToUse = "Enter the address of the mailbox to use.",
            EnterCalendarName = "Enter the calendar's name.",
            EveryChangeAdministratorsMade = "Every change administrators made to any calendar, and the changes of local accounts: who, when, what. Times and dates in UTC.",
            EveryoneMayUseAdmin = "Everyone who signs in may use the admin app.",
            EveryoneWhoSignsInMay = "Everyone who signs in may create calendars.",
            ExchangeMayTakeAWhile = "Exchange may take a while to apply it; the calendars come back by themselves. A calendar that is no longer wanted: bookings calendars delete ADDRESS --yes.",
            Failed = "failed",
            HowToChangeThem = "How to change them",
            IfItFails = "If it fails",
            InAppSettingsFile = "In appsettings.json (or appsettings.Production.json) next to the service:",
            ItsAddress = "Its address",
            Links = "Links",
            LocalAccounts = "Local accounts",
            MadeWithYourMicrosoft = "Made with your Microsoft account and named after the calendar; Microsoft may first ask you to allow Bookings to manage booking businesses for you (Bookings.Manage.All).",
            Mailbox = "Mailbox",
            MailboxAddress = "Mailbox address",
            Microsoft365Check = "Microsoft 365 check",
            AccessRefusedToMailboxes = "Microsoft 365 refuses the app access to these calendars' mailboxes, so they are left out of the calendar lists, their booking pages and their messages until it may read them:",
            GraphDidNotAnswer = "Microsoft Graph did not answer; nothing was created. Try again in a moment.",
            NewCalendar = "New calendar",
            NoteLower = "note",
            NotesLower = "notes",
            NothingWasSaved = "Nothing was saved:",
            Off = "Off",
            On = "On",
            OnMicrosoft365Every = "On Microsoft 365 every calendar is an Exchange mailbox. The app cannot make one itself; you can, or you can give it one that exists.",
            OnTheCommandLine = "On the command line:",
            OnlyAdministratorsAndStaff = "Only tenant administrators and existing staff of a calendar may use the admin app; only tenant administrators may create calendars.",
            OnlyThesePeopleMayCreate = "Only these people (and tenant administrators) may create calendars:",
            OrAsEnvironmentVariables = "Or as environment variables (in a container, an App Service's settings…):",
            OrganisationPolicy = "Organisation policy",
            Passed = "passed",
            RestartToApplyCreators = "Restart the service for a change to take effect. An empty list lets everyone create calendars; tenant administrators always may.",
            Result = "Result",
            RunTheCheck = "Run the check",
            Saved = "Saved.",
            Seen = "Seen",
            SignOut = "Sign out",
            Slug = "Slug",
            ChangedBySomeoneElse = "Someone else changed this calendar while you were editing. Nothing was saved: reload the page and make your change again.",
            TenantPolicy = "Tenant policy",
            TheBookingPageIsBook = "The booking page is /book/ followed by this. Lowercase letters, digits and hyphens; left empty, it is made from the name.",
            TheBusinessNameCustomers = "The business name customers see on the booking page.",
            TheCalendarStartsOpen = "The calendar starts open Monday to Friday, 09:00–17:00, with one 30-minute service, and you as its administrator and first staff member. Change everything afterwards.",
            TheCalendarStartsOpenMonday = "The calendar starts open Monday to Friday, 09:00–17:00, with one 30-minute service. It takes bookings once it has staff: add them next, under Staff.",
            CalendarNotCreated = "The calendar was not created:",
            TheCalendarWillAppear = "The calendar will appear among the calendars, as you set it up here, once the app can read the mailbox (Exchange may take a while to apply the change).",
            FixAddMailboxesToScope = "The fix: IT adds the mailboxes to the app's Exchange scope (an Exchange administrator, in PowerShell; infra/entra-app.md):",
            TheOrganisationSRules = "The organisation's rules for the admin app. They are settings of the service, so they are read here and changed where it is configured.",
            CheckIsForMicrosoft365 = "This check is for the Microsoft 365 store (Store:Provider=Graph). This service keeps its calendars in the embedded store, so there is nothing to check.",
            MailboxCreationNotSetUp = "This site is not set up to create scheduling mailboxes with your Microsoft sign-in: its operator turns on Admin:CreateSchedulingMailboxes and the delegated permission Bookings.Manage.All (infra/entra-app.md). Meanwhile, use an existing mailbox.",
            TriesEverythingTheMicrosoft = "Tries everything the Microsoft 365 store relies on in a mailbox of your tenant, with scratch items it creates and removes: a hidden mail folder with draft messages, events without attendees, a contact folder. It mails nobody.",
            TryEverythingTheMicrosoft = "Try everything the Microsoft 365 store relies on in a mailbox of your tenant, with scratch items it creates and removes. It mails nobody.",
            UseAnExistingMailbox = "Use an existing mailbox",
            WhatTheStoreRelies = "What the store relies on, in the order tried",
            WhenUTC = "When (UTC)",
            YouAreBackFrom = "You are back from Microsoft's sign-in. Check the details and create the calendar.",
            YouHaveNoRole = "You have no role in any calendar yet. Ask a calendar's administrator to add you as a staff member.",
            YourAppointments = "Your appointments",
            YourCalendars = "Your calendars",
            YourOrganisationLetsOnly = "Your organisation lets only these people create calendars (and tenant administrators):",
            YourRole = "Your role",
            NotAMailboxAddress = address => $"“{address}” is not a mailbox address such as frontdesk@contoso.com.",
            MailboxIsACalendarAlready = address => $"The mailbox {address} is a calendar already.",
            MailboxNotCreated = (status, code, message) => $"Microsoft 365 did not create the scheduling mailbox ({status} {code}: {message}). " +
                "Your Microsoft account needs a Microsoft Bookings licence and the right to create booking businesses; or use an existing mailbox.",
            NoMailboxToAdopt = (address, message) => $"The calendar was not created: Microsoft 365 has no mailbox {address} that the app can use ({message}). " +
                "Check the address; a shared mailbox is made with New-Mailbox -Shared, and it must be in the app's Exchange scope (infra/exchange-scope.ps1).",
            StoreRefusedToCreate = message => $"The store refused to create the calendar ({message}).",
            MailboxCreatedCalendarNot = mailbox => $"The scheduling mailbox {mailbox} was created in Microsoft 365, but the calendar was not: choose “Use an existing mailbox” with the address {mailbox} to try again.",
            CalendarRegisteredOutOfScope = mailbox => $"The calendar is registered, with the mailbox {mailbox}. The app may not open that mailbox yet: it is not in the app's Exchange scope.",
            ChecksDescribedInEnglish = null,
        };

        public static readonly HomeText Pl = new()
        {
            ACalendarSScheduling = "Skrzynka planowania kalendarza albo skrzynka, która ma nią zostać. Musi być w zakresie aplikacji (infra/exchange-scope.ps1).",
            ADDRESS = "ADRES",
            ASharedMailboxNew = "Skrzynka współdzielona (New-Mailbox -Shared) lub skrzynka planowania utworzona w Microsoft Bookings, którą dział IT dodał do zakresu aplikacji w Exchange (infra/exchange-scope.ps1).",
            AcrossEveryCalendarYou = "Ze wszystkich kalendarzy, które możesz otworzyć; godziny każdego kalendarza w jego strefie czasowej.",
            AdminBookings = "Administracja – Bookings",
            AllCalendars = "Wszystkie kalendarze",
            AskItToRun = "Poproś dział IT o uruchomienie tego polecenia (administrator Exchange, w PowerShell; infra/entra-app.md):",
            AskOneOfThem = "Poproś jedną z nich lub swojego administratora o utworzenie kalendarza i dodanie Cię do personelu.",
            Assumption = "Założenie",
            AuditLogOfEvery = "Dziennik zmian wszystkich kalendarzy",
            BackToAllCalendars = "Wróć do wszystkich kalendarzy",
            BackToTheOrganisation = "Wróć do zasad organizacji",
            BookingsIsTurnedOff = "Bookings jest wyłączony",
            TurnedOffForOrganisation = "Bookings jest wyłączony w Twojej organizacji. Mogą z niego korzystać tylko administratorzy dzierżawy i obecni pracownicy kalendarzy.",
            BookingsIsTurnedOffForYour = "Rezerwacje są wyłączone w Twojej organizacji: kalendarze mogą tworzyć tylko administratorzy dzierżawy.",
            CalendarLabel = "Kalendarz:",
            CalendarSections = "Sekcje kalendarza",
            UnreachableCalendarsHeading = "Kalendarze, których aplikacja nie może otworzyć",
            CheckAMailbox = "Sprawdź skrzynkę",
            CreateASchedulingMailbox = "Utwórz skrzynkę planowania, tak jak robi to Microsoft Bookings",
            CreateCalendar = "Utwórz kalendarz",
            CreatingASchedulingMailbox = "Utworzenie skrzynki planowania wymaga logowania przez Microsoft: Microsoft 365 pozwala na to tylko zalogowanemu administratorowi, nie aplikacji. Wyloguj się i zaloguj przez Microsoft albo użyj istniejącej skrzynki.",
            CreatingASchedulingMailboxNeeds = "Utworzenie skrzynki planowania wymaga logowania przez Microsoft (Microsoft 365 pozwala na to tylko zalogowanemu administratorowi, nie aplikacji), a ta witryna go nie ma: jej operator konfiguruje logowanie Microsoft (ustawienia AzureAd). Do tego czasu użyj istniejącej skrzynki.",
            CurrentSettings = "Obecne ustawienia",
            DeletedCalendar = "(usunięty kalendarz)",
            Documentation = "dokumentacja",
            EnterTenantMailbox = "Podaj adres skrzynki pocztowej z Twojej dzierżawy.",
            EnterMailboxToUse = "Podaj adres skrzynki, której kalendarz ma używać.",
            EnterCalendarName = "Podaj nazwę kalendarza.",
            EveryChangeAdministratorsMade = "Każda zmiana wprowadzona przez administratorów w dowolnym kalendarzu oraz zmiany kont lokalnych: kto, kiedy, co. Godziny i daty w UTC.",
            EveryoneMayUseAdmin = "Każdy zalogowany może korzystać z panelu.",
            EveryoneWhoSignsInMay = "Każdy zalogowany może tworzyć kalendarze.",
            ExchangeMayTakeAWhile = "Exchange może potrzebować chwili na zastosowanie zmiany; kalendarze wrócą same. Kalendarz, który nie jest już potrzebny: bookings calendars delete ADRES --yes.",
            Failed = "niezaliczone",
            HowToChangeThem = "Jak je zmienić",
            IfItFails = "Jeśli nie spełnione",
            InAppSettingsFile = "W pliku appsettings.json (lub appsettings.Production.json) obok usługi:",
            ItsAddress = "Jej adres",
            Links = "Odnośniki",
            LocalAccounts = "Konta lokalne",
            MadeWithYourMicrosoft = "Tworzona Twoim kontem Microsoft i nazwana tak jak kalendarz; Microsoft może najpierw poprosić o zgodę na zarządzanie firmami w Bookings w Twoim imieniu (Bookings.Manage.All).",
            Mailbox = "Skrzynka",
            MailboxAddress = "Adres skrzynki pocztowej",
            Microsoft365Check = "Sprawdzenie Microsoft 365",
            AccessRefusedToMailboxes = "Microsoft 365 nie daje aplikacji dostępu do skrzynek tych kalendarzy, więc do czasu uzyskania dostępu są pomijane na listach kalendarzy, ich strony rezerwacji nie działają, a wiadomości nie wychodzą:",
            GraphDidNotAnswer = "Microsoft Graph nie odpowiedział; niczego nie utworzono. Spróbuj ponownie za chwilę.",
            NewCalendar = "Nowy kalendarz",
            NoteLower = "uwaga",
            NotesLower = "uwagi",
            NothingWasSaved = "Nic nie zapisano:",
            Off = "Wyłączone",
            On = "Włączone",
            OnMicrosoft365Every = "W Microsoft 365 każdy kalendarz to skrzynka Exchange. Aplikacja nie może sama jej utworzyć; możesz to zrobić Ty albo wskazać istniejącą.",
            OnTheCommandLine = "W wierszu poleceń:",
            OnlyAdministratorsAndStaff = "Z panelu mogą korzystać tylko administratorzy dzierżawy i obecny personel kalendarzy; kalendarze mogą tworzyć tylko administratorzy dzierżawy.",
            OnlyThesePeopleMayCreate = "Kalendarze mogą tworzyć tylko te osoby (oraz administratorzy dzierżawy):",
            OrAsEnvironmentVariables = "Albo jako zmienne środowiskowe (w kontenerze, w ustawieniach App Service…):",
            OrganisationPolicy = "Zasady organizacji",
            Passed = "zaliczone",
            RestartToApplyCreators = "Zmiana działa po ponownym uruchomieniu usługi. Pusta lista pozwala wszystkim tworzyć kalendarze; administratorzy dzierżawy mogą zawsze.",
            Result = "Wynik",
            RunTheCheck = "Uruchom sprawdzenie",
            Saved = "Zapisano.",
            Seen = "Zaobserwowano",
            SignOut = "Wyloguj się",
            Slug = "Adres (slug)",
            ChangedBySomeoneElse = "Ktoś inny zmienił ten kalendarz w czasie Twojej edycji. Nic nie zapisano: odśwież stronę i wprowadź zmianę ponownie.",
            TenantPolicy = "Zasady dzierżawy",
            TheBookingPageIsBook = "Strona rezerwacji to /book/ i ten adres. Małe litery, cyfry i łączniki; jeśli zostawisz puste, powstanie z nazwy.",
            TheBusinessNameCustomers = "Nazwa firmy widoczna dla klientów na stronie rezerwacji.",
            TheCalendarStartsOpen = "Kalendarz zaczyna od godzin pracy od poniedziałku do piątku, 09:00–17:00, jednej 30-minutowej usługi i Ciebie jako administratora i pierwszej osoby z personelu. Wszystko zmienisz później.",
            TheCalendarStartsOpenMonday = "Kalendarz zaczyna od godzin pracy od poniedziałku do piątku, 09:00–17:00, i jednej 30-minutowej usługi. Rezerwacje przyjmuje, gdy ma personel: dodaj go zaraz potem w sekcji Personel.",
            CalendarNotCreated = "Nie utworzono kalendarza:",
            TheCalendarWillAppear = "Kalendarz pojawi się wśród kalendarzy, tak jak go tu ustawiono, gdy aplikacja będzie mogła odczytać skrzynkę (Exchange może potrzebować chwili na zastosowanie zmiany).",
            FixAddMailboxesToScope = "Rozwiązanie: dział IT dodaje te skrzynki do zakresu aplikacji w Exchange (administrator Exchange, w PowerShell; infra/entra-app.md):",
            TheOrganisationSRules = "Zasady organizacji dotyczące panelu administracyjnego. To ustawienia usługi: tutaj można je przeczytać, a zmienia się je w konfiguracji.",
            CheckIsForMicrosoft365 = "To sprawdzenie jest dla magazynu Microsoft 365 (Store:Provider=Graph). Ta usługa trzyma kalendarze we wbudowanym magazynie, więc nie ma czego sprawdzać.",
            MailboxCreationNotSetUp = "Ta witryna nie jest skonfigurowana do tworzenia skrzynek planowania z Twoim logowaniem Microsoft: jej operator włącza Admin:CreateSchedulingMailboxes i uprawnienie delegowane Bookings.Manage.All (infra/entra-app.md). Do tego czasu użyj istniejącej skrzynki.",
            TriesEverythingTheMicrosoft = "Sprawdza w skrzynce pocztowej Twojej dzierżawy wszystko, na czym polega magazyn Microsoft 365, na roboczych elementach, które sam tworzy i usuwa: ukrytym folderze poczty z wersjami roboczymi wiadomości, wydarzeniach bez uczestników i folderze kontaktów. Nie wysyła nikomu poczty.",
            TryEverythingTheMicrosoft = "Sprawdź w skrzynce pocztowej Twojej dzierżawy wszystko, na czym polega magazyn Microsoft 365, na roboczych elementach, które sam tworzy i usuwa. Nie wysyła nikomu poczty.",
            UseAnExistingMailbox = "Użyj istniejącej skrzynki",
            WhatTheStoreRelies = "Na czym polega magazyn, w kolejności sprawdzania",
            WhenUTC = "Kiedy (UTC)",
            YouAreBackFrom = "Wróciłeś z logowania Microsoft. Sprawdź dane i utwórz kalendarz.",
            YouHaveNoRole = "Nie masz jeszcze roli w żadnym kalendarzu. Poproś administratora kalendarza, aby dodał Cię jako pracownika.",
            YourAppointments = "Twoje spotkania",
            YourCalendars = "Twoje kalendarze",
            YourOrganisationLetsOnly = "Twoja organizacja pozwala tworzyć kalendarze tylko tym osobom (oraz administratorom dzierżawy):",
            YourRole = "Twoja rola",
            NotAMailboxAddress = address => $"„{address}” nie jest adresem skrzynki, takim jak recepcja@contoso.com.",
            MailboxIsACalendarAlready = address => $"Skrzynka {address} jest już kalendarzem.",
            MailboxNotCreated = (status, code, message) => $"Microsoft 365 nie utworzył skrzynki planowania ({status} {code}: {message}). " +
                "Twoje konto Microsoft potrzebuje licencji Microsoft Bookings i prawa do tworzenia firm w Bookings; możesz też użyć istniejącej skrzynki.",
            NoMailboxToAdopt = (address, message) => $"Nie utworzono kalendarza: Microsoft 365 nie ma skrzynki {address}, której aplikacja może użyć ({message}). " +
                "Sprawdź adres; skrzynkę współdzieloną tworzy polecenie New-Mailbox -Shared i musi ona być w zakresie aplikacji w Exchange (infra/exchange-scope.ps1).",
            StoreRefusedToCreate = message => $"Magazyn danych odmówił utworzenia kalendarza ({message}).",
            MailboxCreatedCalendarNot = mailbox => $"Skrzynka planowania {mailbox} została utworzona w Microsoft 365, ale kalendarz nie: wybierz „Użyj istniejącej skrzynki” z adresem {mailbox}, aby spróbować ponownie.",
            CalendarRegisteredOutOfScope = mailbox => $"Kalendarz jest zarejestrowany, ze skrzynką {mailbox}. Aplikacja nie może jeszcze otworzyć tej skrzynki: nie ma jej w zakresie aplikacji w Exchange.",
            ChecksDescribedInEnglish = "Opisy założeń i wyników są po angielsku, jak dokumentacja Microsoft Graph, do której prowadzą.",
        };
    }
}
