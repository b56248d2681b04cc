using System.Text;
using Bookings.Core.Admin;
using Microsoft.AspNetCore.Antiforgery;

namespace Bookings.Web.Admin;

// The sign-in, change-password and denied pages of AdminAuth, and their English and Polish text.
public static partial class AdminAuth
{
    // ---- the forms: small HTML, every value encoded, never framed or cached ----

    private static IResult SignInForm(HttpContext context, Func<bool, string>? error, string? email = null)
    {
        var pl = Text.IsPolish(context);
        var returnUrl = LocalReturnUrl(context.Request.HasFormContentType ? context.Request.Form["returnUrl"].ToString() : context.Request.Query["returnUrl"].ToString());
        var local = context.RequestServices.GetService<IUserStore>() is not null;
        var microsoft = EntraSignIn.IsEnabled(context.RequestServices);
        if (error is null && context.Request.Query["error"] == "microsoft") error = Text.MicrosoftFailed;
        var b = new StringBuilder();
        b.Append("<main><h1>").Append(E(Text.SignInTitle(pl))).Append("</h1>");
        if (error is not null) b.Append("<p role=\"alert\" class=\"error\">").Append(E(error(pl))).Append("</p>");
        var token = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        if (microsoft)
        {
            b.Append("<form method=\"post\" action=\"").Append(E(MicrosoftSignInPath)).Append("\">");
            b.Append("<input type=\"hidden\" name=\"").Append(E(token.FormFieldName)).Append("\" value=\"").Append(E(token.RequestToken ?? "")).Append("\">");
            if (returnUrl is not null) b.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(E(returnUrl)).Append("\">");
            b.Append("<p><button type=\"submit\">").Append(E(Text.MicrosoftButton(pl))).Append("</button></p></form>");
        }
        if (local)
        {
            if (microsoft) b.Append("<p>").Append(E(Text.OrLocal(pl))).Append("</p>");
            b.Append("<form method=\"post\" action=\"").Append(E(SignInPath)).Append("\">");
            b.Append("<input type=\"hidden\" name=\"").Append(E(token.FormFieldName)).Append("\" value=\"").Append(E(token.RequestToken ?? "")).Append("\">");
            Field(b, "email", Text.Email(pl), "email", "username", email);
            Field(b, "password", Text.Password(pl), "password", "current-password", null);
            if (returnUrl is not null) b.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(E(returnUrl)).Append("\">");
            End(b, Text.SignInButton(pl));
        }
        else
        {
            if (!microsoft) b.Append("<p>").Append(E(Text.NoSignIn(pl))).Append("</p>");
            b.Append("</main>");
        }
        return Page(context, b, pl);
    }

    private static IResult PasswordForm(HttpContext context, Func<bool, string>? error)
    {
        var pl = Text.IsPolish(context);
        var b = new StringBuilder();
        Form(b, context, PasswordPath, Text.PasswordTitle(pl), error?.Invoke(pl));
        Field(b, "currentPassword", Text.CurrentPassword(pl), "password", "current-password", null);
        Field(b, "newPassword", Text.NewPassword(pl), "password", "new-password", null, AdminPasswords.MinimumLength);
        Field(b, "confirmPassword", Text.ConfirmPassword(pl), "password", "new-password", null, AdminPasswords.MinimumLength);
        End(b, Text.PasswordButton(pl));
        return Page(context, b, pl);
    }

    private static IResult DeniedPage(HttpContext context)
    {
        var pl = Text.IsPolish(context);
        var b = new StringBuilder();
        b.Append("<main><h1>").Append(E(Text.DeniedTitle(pl))).Append("</h1><p><a href=\"").Append(E(HomePath)).Append("\">")
            .Append(E(Text.Back(pl))).Append("</a></p></main>");
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page(context, b, pl);
    }

    private static void Form(StringBuilder b, HttpContext context, string action, string title, string? error)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        b.Append("<main><h1>").Append(E(title)).Append("</h1>");
        if (error is not null) b.Append("<p role=\"alert\" class=\"error\">").Append(E(error)).Append("</p>");
        b.Append("<form method=\"post\" action=\"").Append(E(action)).Append("\">");
        b.Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken ?? "")).Append("\">");
    }

    private static void Field(StringBuilder b, string name, string label, string type, string autocomplete, string? value, int minLength = 0)
    {
        b.Append("<p><label for=\"").Append(name).Append("\">").Append(E(label)).Append("</label><br><input id=\"").Append(name)
            .Append("\" name=\"").Append(name).Append("\" type=\"").Append(type).Append("\" autocomplete=\"").Append(autocomplete).Append("\" required");
        if (minLength > 0) b.Append(" minlength=\"").Append(minLength).Append('"');
        if (value is not null) b.Append(" value=\"").Append(E(value)).Append('"');
        b.Append("></p>");
    }

    private static void End(StringBuilder b, string button) =>
        b.Append("<p><button type=\"submit\">").Append(E(button)).Append("</button></p></form></main>");

    private static IResult Page(HttpContext context, StringBuilder body, bool pl, string? refreshTo = null)
    {
        // After GetAndStoreTokens, which sets its own (weaker) X-Frame-Options and Cache-Control.
        var h = context.Response.Headers;
        h.CacheControl = "no-store";
        h.Pragma = "no-cache";
        h["Referrer-Policy"] = "no-referrer";
        h.XFrameOptions = "DENY";
        // Microsoft sign-in: the form posts here and is redirected on to Microsoft, which form-action must allow.
        var microsoft = EntraSignIn.AuthorityOrigin(context.RequestServices) is { } origin ? " " + origin : "";
        h.ContentSecurityPolicy = $"default-src 'none'; style-src 'self'; form-action 'self'{microsoft}; frame-ancestors 'none'; base-uri 'none'";
        var refresh = refreshTo is null ? "" : $"<meta http-equiv=\"refresh\" content=\"0;url={E(refreshTo)}\">";
        h["X-Robots-Tag"] = "noindex";
        h.ContentLanguage = pl ? "pl" : "en";
        var html = $"""
            <!DOCTYPE html>
            <html lang="{(pl ? "pl" : "en")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">{refresh}<title>Bookings admin</title>
            <link rel="stylesheet" href="/css/site.css"></head><body>{body}</body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    // Encodes <>&"' and the like, but writes ą, ó, ł as text (as the Razor pages do).
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string E(string s) => Html.Encode(s);

    /// <summary>English and Polish, picked by Accept-Language.</summary>
    private static class Text
    {
        // The pages' own choice: ?lang=, else the browser's most preferred language.
        public static bool IsPolish(HttpContext context) => Pages.Shared.CalendarPage.Language(context.Request) == "pl";

        public static string SignInTitle(bool pl) => pl ? "Logowanie do panelu Bookings" : "Sign in to Bookings admin";
        public static string Email(bool pl) => pl ? "Adres e-mail" : "Email";
        public static string Password(bool pl) => pl ? "Hasło" : "Password";
        public static string SignInButton(bool pl) => pl ? "Zaloguj się" : "Sign in";
        public static string PasswordTitle(bool pl) => pl ? "Zmień hasło" : "Change your password";
        public static string CurrentPassword(bool pl) => pl ? "Obecne hasło" : "Current password";
        public static string NewPassword(bool pl) => pl ? "Nowe hasło (co najmniej 12 znaków)" : "New password (at least 12 characters)";
        public static string ConfirmPassword(bool pl) => pl ? "Powtórz nowe hasło" : "Confirm the new password";
        public static string PasswordButton(bool pl) => pl ? "Zmień hasło" : "Change password";
        public static string WrongEmailOrPassword(bool pl) => pl ? "Nieprawidłowy adres e-mail lub hasło." : "Wrong email or password.";
        public static string WrongCurrentPassword(bool pl) => pl ? "Obecne hasło jest nieprawidłowe." : "The current password is wrong.";
        public static string TooShort(bool pl) => pl ? "Nowe hasło musi mieć co najmniej 12 znaków." : "The new password must be at least 12 characters long.";
        public static string NoMatch(bool pl) => pl ? "Nowe hasła się różnią." : "The new passwords do not match.";
        public static string DeniedTitle(bool pl) => pl ? "Nie masz dostępu do tej strony." : "You do not have access to this page.";
        public static string Back(bool pl) => pl ? "Wróć do panelu" : "Back to the admin app";
        public static string SignedOutTitle(bool pl) => pl ? "Wylogowano" : "Signed out";
        public static string SignOutOfMicrosoft(bool pl) => pl ? "Wyloguj się też z konta Microsoft" : "Sign out of your Microsoft account too";
        public static string MicrosoftButton(bool pl) => pl ? "Zaloguj się przez Microsoft" : "Sign in with Microsoft";
        public static string OrLocal(bool pl) => pl ? "albo kontem lokalnym:" : "or with a local account:";
        public static string MicrosoftFailed(bool pl) => pl ? "Logowanie przez Microsoft nie powiodło się." : "Signing in with Microsoft did not succeed.";
        public static string NoSignIn(bool pl) => pl
            ? "Na tej witrynie nie skonfigurowano logowania (ustaw sekcję AzureAd)."
            : "No sign-in is configured on this site (set the AzureAd section).";
        public static string SameAsCurrent(bool pl) => pl ? "Nowe hasło musi być inne niż obecne." : "The new password must differ from the current one.";
    }
}
