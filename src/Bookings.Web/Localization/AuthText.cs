namespace Bookings.Web.Localization;

/// <summary>
/// Every word of the admin app's sign-in, change-password, denied and signed-out pages (Pages/Admin/Auth), once in English and
/// once in Polish, in the shape of <see cref="PageText"/>: one instance per language, every property required.
/// </summary>
public sealed class AuthText
{
    public required string Code { get; init; }

    // Sign-in
    public required string SignInTitle { get; init; }
    public required string Email { get; init; }
    public required string Password { get; init; }
    public required string SignInButton { get; init; }
    public required string MicrosoftButton { get; init; }
    public required string OrLocal { get; init; }
    public required string NoSignIn { get; init; }
    public required string WrongEmailOrPassword { get; init; }
    public required string MicrosoftFailed { get; init; }

    // Change password
    public required string PasswordTitle { get; init; }
    public required string CurrentPassword { get; init; }
    public required string NewPassword { get; init; }
    public required string ConfirmPassword { get; init; }
    public required string PasswordButton { get; init; }
    public required string WrongCurrentPassword { get; init; }
    public required string TooShort { get; init; }
    public required string NoMatch { get; init; }
    public required string SameAsCurrent { get; init; }

    // Denied, signed out
    public required string DeniedTitle { get; init; }
    public required string Back { get; init; }
    public required string SignedOutTitle { get; init; }
    public required string SignOutOfMicrosoft { get; init; }

    /// <summary>The text in the language the page speaks (<see cref="PageLanguage.Current"/>: ?lang=, else the browser's).</summary>
    public static AuthText Current(HttpContext context) => PageLanguage.Current(context).IsPolish ? Pl : En;

    public static readonly AuthText En = new()
    {
        Code = "en",
        SignInTitle = "Sign in to Bookings admin",
        Email = "Email",
        Password = "Password",
        SignInButton = "Sign in",
        MicrosoftButton = "Sign in with Microsoft",
        OrLocal = "or with a local account:",
        NoSignIn = "No sign-in is configured on this site (set the AzureAd section).",
        WrongEmailOrPassword = "Wrong email or password.",
        MicrosoftFailed = "Signing in with Microsoft did not succeed.",
        PasswordTitle = "Change your password",
        CurrentPassword = "Current password",
        NewPassword = "New password (at least 12 characters)",
        ConfirmPassword = "Confirm the new password",
        PasswordButton = "Change password",
        WrongCurrentPassword = "The current password is wrong.",
        TooShort = "The new password must be at least 12 characters long.",
        NoMatch = "The new passwords do not match.",
        SameAsCurrent = "The new password must differ from the current one.",
        DeniedTitle = "You do not have access to this page.",
        Back = "Back to the admin app",
        SignedOutTitle = "Signed out",
        SignOutOfMicrosoft = "Sign out of your Microsoft account too",
    };

    public static readonly AuthText Pl = new()
    {
        Code = "pl",
        SignInTitle = "Logowanie do panelu Bookings",
        Email = "Adres e-mail",
        Password = "Hasło",
        SignInButton = "Zaloguj się",
        MicrosoftButton = "Zaloguj się przez Microsoft",
        OrLocal = "albo kontem lokalnym:",
        NoSignIn = "Na tej witrynie nie skonfigurowano logowania (ustaw sekcję AzureAd).",
        WrongEmailOrPassword = "Nieprawidłowy adres e-mail lub hasło.",
        MicrosoftFailed = "Logowanie przez Microsoft nie powiodło się.",
        PasswordTitle = "Zmień hasło",
        CurrentPassword = "Obecne hasło",
        NewPassword = "Nowe hasło (co najmniej 12 znaków)",
        ConfirmPassword = "Powtórz nowe hasło",
        PasswordButton = "Zmień hasło",
        WrongCurrentPassword = "Obecne hasło jest nieprawidłowe.",
        TooShort = "Nowe hasło musi mieć co najmniej 12 znaków.",
        NoMatch = "Nowe hasła się różnią.",
        SameAsCurrent = "Nowe hasło musi być inne niż obecne.",
        DeniedTitle = "Nie masz dostępu do tej strony.",
        Back = "Wróć do panelu",
        SignedOutTitle = "Wylogowano",
        SignOutOfMicrosoft = "Wyloguj się też z konta Microsoft",
    };
}
