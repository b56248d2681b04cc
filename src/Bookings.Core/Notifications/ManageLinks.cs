using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Store;

namespace Bookings.Core.Notifications;

/// <summary>
/// Seals a manage link for the outbox and opens it again when the message leaves. The hosts use ASP.NET Core Data Protection with
/// the purpose <see cref="ManageLinks.Purpose"/> and the key ring in Store:DataDirectory/keys, shared by the web app and the worker.
/// </summary>
public interface IManageLinkProtector
{
    /// <summary>The link sealed, in base64url (letters, digits, '-' and '_').</summary>
    string Protect(string manageUrl);

    /// <summary>The link, or null when it cannot be opened (its key is lost or of another key ring, the text is damaged).</summary>
    string? Unprotect(string protectedUrl);
}

/// <summary>
/// Manage links in stored messages. Whoever reads the outbox (the database, the mailbox's extended properties, the admin page, the
/// CLI) must not be able to act on a booking, yet the message that leaves must carry a working link, and so must a resend and a
/// reminder sent days later. So the booking code gives the composer a placeholder for the link, not the link:
/// <c>https://manage-link.invalid/{language}/{the link sealed by <see cref="IManageLinkProtector"/>}</c>. Templates treat it as any
/// link (<c>{{ link manage_url }}</c> makes an &lt;a href&gt; of it); the .invalid domain never resolves, should one ever slip out.
/// <list type="bullet">
/// <item>Sending (<see cref="ForSending(EmailMessage, IManageLinkProtector, out int)"/>): each placeholder becomes the link, in the
/// text, the HTML, the .ics and the SMS, just before the message leaves. One that cannot be opened becomes words that ask the
/// customer to contact the business (<see cref="Unavailable"/>), and an HTML link around it is removed.</item>
/// <item>Showing (<see cref="ForShowing(EmailMessage)"/>): each placeholder, and any link an earlier version kept in clear, reads
/// <see cref="Withheld"/>.</item>
/// <item>Keeping (<see cref="WithoutClearLinks(OutboxMessage)"/>): once a message is sent or dropped, a link an earlier version
/// kept in clear becomes a placeholder that opens to nothing; still pending, it stays, so that it still works.</item>
/// </list>
/// </summary>
public static partial class ManageLinks
{
    /// <summary>The Data Protection purpose of sealed manage links.</summary>
    public const string Purpose = "Bookings.ManageLink.v1";

    /// <summary>What a stored message shows in place of a manage link.</summary>
    public const string Withheld = "[manage link, sent to the customer]";

    private const string Prefix = "https://manage-link.invalid/";

    // The language of a link an earlier version kept in clear is not known: the words for it are in both languages.
    private const string UnknownLanguage = "und";

    /// <summary>The placeholder for <paramref name="manageUrl"/> in a message to a customer who reads <paramref name="language"/>.</summary>
    public static string Placeholder(IManageLinkProtector protector, string manageUrl, string? language)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var sealedUrl = protector.Protect(manageUrl);
        if (!Base64Url().IsMatch(sealedUrl))
            throw new InvalidOperationException("A sealed manage link must be base64url text (letters, digits, '-' and '_').");
        return $"{Prefix}{MessageLanguages.For(language)}/{sealedUrl}";
    }

    /// <summary>The words that stand for a link that cannot be opened: the customer is asked to contact the business.</summary>
    public static string Unavailable(string language) => language switch
    {
        "en" => "(this link is no longer available: please contact us)",
        "pl" => "(ten link jest już niedostępny: prosimy o kontakt)",
        _ => "(this link is no longer available: please contact us / ten link jest już niedostępny: prosimy o kontakt)",
    };

    /// <summary>The email as it leaves: every placeholder opened; <paramref name="unavailable"/> counts those that could not be.</summary>
    public static EmailMessage ForSending(EmailMessage email, IManageLinkProtector protector, out int unavailable)
    {
        ArgumentNullException.ThrowIfNull(email);
        var opener = new Opener(protector);
        var ready = Map(email, Placeholders(), opener.Open);
        unavailable = opener.Lost;
        return ready;
    }

    /// <summary>The SMS as it leaves: every placeholder opened; <paramref name="unavailable"/> counts those that could not be.</summary>
    public static SmsMessage ForSending(SmsMessage sms, IManageLinkProtector protector, out int unavailable)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var opener = new Opener(protector);
        var ready = sms with { Body = InText(sms.Body, Placeholders(), opener.Open) };
        unavailable = opener.Lost;
        return ready;
    }

    /// <summary>The email for people looking at the outbox: no link in it can act.</summary>
    public static EmailMessage ForShowing(EmailMessage email) => Map(Map(email, ClearLinks(), Sealed), Placeholders(), Shown);

    /// <summary>The SMS for people looking at the outbox: no link in it can act.</summary>
    public static SmsMessage ForShowing(SmsMessage sms)
    {
        ArgumentNullException.ThrowIfNull(sms);
        return sms with { Body = InText(InText(sms.Body, ClearLinks(), Sealed), Placeholders(), Shown) };
    }

    /// <summary>
    /// The message as it is kept once sent or dropped: a manage link an earlier version wrote in clear becomes a placeholder that
    /// opens to nothing (a resend asks the customer to contact the business). The same message when there is none, or when its
    /// payload does not read.
    /// </summary>
    public static OutboxMessage WithoutClearLinks(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var kept = message.Channel == SmsMessage.Channel ? KeptSms(message.Payload) : KeptEmail(message.Payload);
            return kept is null ? message : message with { Payload = kept };
        }
        catch (JsonException)
        {
            return message;
        }
    }

    // The payload to keep instead, or null when it holds no link in clear.
    private static string? KeptSms(string payload)
    {
        var sms = SmsMessage.FromJson(payload);
        var kept = sms with { Body = InText(sms.Body, ClearLinks(), Sealed) };
        return kept == sms ? null : kept.ToJson();
    }

    private static string? KeptEmail(string payload)
    {
        var email = EmailMessage.FromJson(payload);
        var kept = Map(email, ClearLinks(), Sealed);
        var same = kept.Subject == email.Subject && kept.TextBody == email.TextBody && kept.HtmlBody == email.HtmlBody
            && kept.Attachments.SequenceEqual(email.Attachments ?? []);
        return same ? null : kept.ToJson();
    }

    // ---- what stands in a link's place ---------------------------------------------------------------

    /// <summary>A URL (kept a link in HTML) or words (an HTML link around it is removed).</summary>
    private readonly record struct Replacement(string Text, bool IsUrl);

    private static Replacement Shown(Match placeholder) => new(Withheld, IsUrl: false);

    // An earlier version's link in clear: a placeholder that opens to nothing.
    private static Replacement Sealed(Match clearLink) => new(Prefix + UnknownLanguage + "/", IsUrl: true);

    /// <summary>Opens placeholders with the protector, each once, counting those that cannot be opened.</summary>
    private sealed class Opener(IManageLinkProtector protector)
    {
        private readonly Dictionary<string, string?> _opened = new(StringComparer.Ordinal);

        public int Lost => _opened.Values.Count(v => v is null);

        public Replacement Open(Match placeholder)
        {
            var data = placeholder.Groups["data"].Value;
            if (!_opened.TryGetValue(data, out var url))
                _opened[data] = url = data.Length == 0 ? null : Usable(protector.Unprotect(data));
            return url is null ? new(Unavailable(placeholder.Groups["lang"].Value), IsUrl: false) : new(url, IsUrl: true);
        }

        // Only an absolute http(s) link is put into a message.
        private static string? Usable(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? url : null;
    }

    // ---- where links are, part by part ---------------------------------------------------------------

    // A payload may lack a part (JSON without it reads as null): what is missing stays missing.
    private static EmailMessage Map(EmailMessage email, Regex links, Func<Match, Replacement> replace) => email with
    {
        Subject = InText(email.Subject, links, replace),
        TextBody = InText(email.TextBody, links, replace),
        HtmlBody = InHtml(email.HtmlBody, links, replace),
        Attachments = [.. (email.Attachments ?? []).Select(a => IsCalendar(a) ? a with { Content = InCalendar(a.Content, links, replace) } : a)],
    };

    private static string InText(string text, Regex links, Func<Match, Replacement> replace) =>
        string.IsNullOrEmpty(text) ? text : links.Replace(text, m => replace(m).Text);

    // A link that becomes words takes the <a> around it along; the label of such an <a> goes too.
    private static string InHtml(string html, Regex links, Func<Match, Replacement> replace)
    {
        if (string.IsNullOrEmpty(html)) return html;
        html = Anchor().Replace(html, a => links.Match(WebUtility.HtmlDecode(a.Groups["href"].Value)) is { Success: true } link
            && link.Length == WebUtility.HtmlDecode(a.Groups["href"].Value).Length && replace(link) is { IsUrl: false } words
                ? WebUtility.HtmlEncode(words.Text)
                : a.Value);
        return links.Replace(html, m => WebUtility.HtmlEncode(replace(m).Text));
    }

    private static bool IsCalendar([NotNullWhen(true)] EmailAttachment? attachment) =>
        attachment?.ContentType?.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase) == true && !string.IsNullOrEmpty(attachment.Content);

    /// <summary>
    /// In an .ics (CRLF lines, folded at 75 octets): each content line is unfolded to be searched; one with a link is written again,
    /// escaped as TEXT and folded, while every other line is kept byte for byte.
    /// </summary>
    private static string InCalendar(string ics, Regex links, Func<Match, Replacement> replace)
    {
        var physical = ics.Split("\r\n");
        var result = new StringBuilder(ics.Length);
        for (var i = 0; i < physical.Length;)
        {
            var end = i + 1;
            while (end < physical.Length && physical[end] is [' ' or '\t', ..]) end++;
            var line = string.Concat(physical[i..end].Select((p, n) => n == 0 ? p : p[1..]));
            if (i > 0) result.Append("\r\n");
            if (links.IsMatch(line)) Fold(result, links.Replace(line, m => CalendarText(replace(m).Text)));
            else result.AppendJoin("\r\n", physical[i..end]);
            i = end;
        }
        return result.ToString();
    }

    // RFC 5545 3.3.11 TEXT.
    private static string CalendarText(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).ReplaceLineEndings("\\n");

    // RFC 5545 3.1: at most 75 octets a line, a continuation starting with a space; never inside a character.
    private static void Fold(StringBuilder into, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                into.Append("\r\n ");
                octets = 1;
            }
            into.Append(rune.ToString());
            octets += size;
        }
    }

    [GeneratedRegex(@"https://manage-link\.invalid/(?<lang>[a-z]{2,3})/(?<data>[A-Za-z0-9_-]*)")]
    private static partial Regex Placeholders();

    // What earlier versions wrote: {PublicBaseUrl or the request's host}/manage/{43 base64url characters}.
    [GeneratedRegex(@"https?://[^\s""'<>]*/manage/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")]
    private static partial Regex ClearLinks();

    [GeneratedRegex(@"<a\b[^>]*?\bhref=""(?<href>[^""]*)""[^>]*>.*?</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Anchor();

    [GeneratedRegex("^[A-Za-z0-9_-]+\\z")]
    private static partial Regex Base64Url();
}
