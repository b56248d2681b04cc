using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Store;

namespace Bookings.Core.Notifications;

/// <summary>
/// Seals a link for the outbox and opens it again when the message leaves, for one kind of link (<see cref="SealedLinkKind.Purpose"/>).
/// The hosts use ASP.NET Core Data Protection with the kind's purpose and the key ring in Store:DataDirectory/keys, shared by the web
/// app, the worker and the CLI.
/// </summary>
public interface ILinkProtector
{
    /// <summary>The link sealed, in base64url (letters, digits, '-' and '_').</summary>
    string Protect(string url);

    /// <summary>The link, or null when it cannot be opened (its key is lost or of another key ring, the text is damaged).</summary>
    string? Unprotect(string protectedUrl);
}

/// <summary>
/// One kind of link that stored messages hold only sealed (<see cref="SealedLinks"/>): <see cref="ManageLinks"/>,
/// <see cref="InvitationLinks"/>. Its placeholder is <c>https://{name}-link.invalid/{language}/{the link sealed}</c>.
/// </summary>
public sealed class SealedLinkKind
{
    private readonly (string English, string Polish) _unavailable;

    /// <param name="name">One lower-case word: the placeholder's host is <c>{name}-link.invalid</c>; the log and <see cref="Withheld"/> say "{name} link".</param>
    /// <param name="purpose">The Data Protection purpose the link is sealed with: another kind's protector cannot open it.</param>
    /// <param name="recipient">Who the link is sent to ("customer").</param>
    /// <param name="contact">Whom the recipient is asked to contact when the link cannot be opened ("the business"), as the log says it.</param>
    /// <param name="unavailable">The words that stand for a link that cannot be opened, in English and Polish, without parentheses.</param>
    /// <param name="clearLinks">The link as earlier versions wrote it in clear.</param>
    public SealedLinkKind(string name, string purpose, string recipient, string contact, (string English, string Polish) unavailable, Regex clearLinks)
    {
        if (name.Length == 0 || !name.All(char.IsAsciiLetterLower)) throw new ArgumentException("A kind's name is one lower-case word.", nameof(name));
        (Name, Purpose, Recipient, Contact, _unavailable, ClearLinks) = (name, purpose, recipient, contact, unavailable, clearLinks);
        Prefix = $"https://{name}-link.invalid/";
        Placeholders = new Regex($@"https://{name}-link\.invalid/(?<lang>[a-z]{{2,3}})/(?<data>[A-Za-z0-9_-]*)", RegexOptions.CultureInvariant);
    }

    public string Name { get; }

    public string Purpose { get; }

    public string Recipient { get; }

    public string Contact { get; }

    /// <summary>What a stored message shows in place of the link: <c>[manage link, sent to the customer]</c>.</summary>
    public string Withheld => $"[{Name} link, sent to the {Recipient}]";

    /// <summary>The words that stand for a link that cannot be opened, in the recipient's language (both when it is not known).</summary>
    public string Unavailable(string language) => language switch
    {
        "en" => $"({_unavailable.English})",
        "pl" => $"({_unavailable.Polish})",
        _ => $"({_unavailable.English} / {_unavailable.Polish})",
    };

    internal string Prefix { get; }

    internal Regex Placeholders { get; }

    internal Regex ClearLinks { get; }

    public override string ToString() => Name;
}

/// <summary>
/// Links that let whoever holds them act (a booking's manage link, a staff invitation's accept and decline links) in stored messages.
/// Whoever reads the outbox (the database, the mailbox's extended properties, the admin page, the CLI) must not be able to act,
/// yet the message that leaves must carry a working link, and so must a resend and a reminder sent days later. So the code that
/// makes the link gives the composer a placeholder (<see cref="Placeholder"/>), not the link:
/// <c>https://{kind}-link.invalid/{language}/{the link sealed by the kind's protector}</c>. Templates treat it as any link
/// (<c>{{ link manage_url }}</c> makes an &lt;a href&gt; of it); the .invalid domain never resolves, should one ever slip out.
/// <list type="bullet">
/// <item>Sending (<see cref="ForSending(EmailMessage, SealedLinkKind, ILinkProtector, out int)"/>, once per kind): each placeholder
/// becomes the link, in the text, the HTML, the .ics and the SMS, just before the message leaves. One that cannot be opened becomes
/// words that ask the recipient to contact the business or the calendar's administrator (<see cref="SealedLinkKind.Unavailable"/>),
/// and an HTML link around it is removed.</item>
/// <item>Showing (<see cref="ForShowing(EmailMessage)"/>): each placeholder of every kind, and any link an earlier version kept in
/// clear, reads <see cref="SealedLinkKind.Withheld"/>.</item>
/// <item>Keeping (<see cref="WithoutClearLinks(OutboxMessage)"/>): once a message is sent or dropped, a link an earlier version
/// kept in clear becomes a placeholder that opens to nothing; still pending, it stays, so that it still works.</item>
/// </list>
/// </summary>
public static partial class SealedLinks
{
    // The language of a link an earlier version kept in clear is not known: the words for it are in both languages.
    private const string UnknownLanguage = "und";

    /// <summary>Every kind: what is shown or kept is free of all of them.</summary>
    public static IReadOnlyList<SealedLinkKind> Kinds { get; } = [ManageLinks.Kind, InvitationLinks.Kind];

    /// <summary>The placeholder for <paramref name="url"/> in a message to someone who reads <paramref name="language"/>.</summary>
    public static string Placeholder(SealedLinkKind kind, ILinkProtector protector, string url, string? language)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(protector);
        var sealedUrl = protector.Protect(url);
        if (!Base64Url().IsMatch(sealedUrl))
            throw new InvalidOperationException($"A sealed {kind.Name} link must be base64url text (letters, digits, '-' and '_').");
        return $"{kind.Prefix}{MessageLanguages.For(language)}/{sealedUrl}";
    }

    /// <summary>The email as it leaves: every placeholder of <paramref name="kind"/> opened; <paramref name="unavailable"/> counts those that could not be.</summary>
    public static EmailMessage ForSending(EmailMessage email, SealedLinkKind kind, ILinkProtector protector, out int unavailable)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(kind);
        var opener = new Opener(kind, protector);
        var ready = Map(email, kind.Placeholders, opener.Open);
        unavailable = opener.Lost;
        return ready;
    }

    /// <summary>The SMS as it leaves: every placeholder of <paramref name="kind"/> opened; <paramref name="unavailable"/> counts those that could not be.</summary>
    public static SmsMessage ForSending(SmsMessage sms, SealedLinkKind kind, ILinkProtector protector, out int unavailable)
    {
        ArgumentNullException.ThrowIfNull(sms);
        ArgumentNullException.ThrowIfNull(kind);
        var opener = new Opener(kind, protector);
        var ready = sms with { Body = InText(sms.Body, kind.Placeholders, opener.Open) };
        unavailable = opener.Lost;
        return ready;
    }

    /// <summary>The email for people looking at the outbox: no link in it can act.</summary>
    public static EmailMessage ForShowing(EmailMessage email) =>
        Kinds.Aggregate(email, (e, kind) => Map(Map(e, kind.ClearLinks, Sealed(kind)), kind.Placeholders, Shown(kind)));

    /// <summary>The SMS for people looking at the outbox: no link in it can act.</summary>
    public static SmsMessage ForShowing(SmsMessage sms)
    {
        ArgumentNullException.ThrowIfNull(sms);
        return sms with { Body = Kinds.Aggregate(sms.Body, (b, kind) => InText(InText(b, kind.ClearLinks, Sealed(kind)), kind.Placeholders, Shown(kind))) };
    }

    /// <summary>
    /// The message as it is kept once sent or dropped: a link an earlier version wrote in clear becomes a placeholder that opens to
    /// nothing (a resend asks the recipient to contact the business or the calendar's administrator). The same message when there is
    /// none, or when its payload does not read.
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
        var kept = sms with { Body = Kinds.Aggregate(sms.Body, (b, kind) => InText(b, kind.ClearLinks, Sealed(kind))) };
        return kept == sms ? null : kept.ToJson();
    }

    private static string? KeptEmail(string payload)
    {
        var email = EmailMessage.FromJson(payload);
        var kept = Kinds.Aggregate(email, (e, kind) => Map(e, kind.ClearLinks, Sealed(kind)));
        var same = kept.Subject == email.Subject && kept.TextBody == email.TextBody && kept.HtmlBody == email.HtmlBody
            && kept.Attachments.SequenceEqual(email.Attachments ?? []);
        return same ? null : kept.ToJson();
    }

    // ---- what stands in a link's place ---------------------------------------------------------------

    /// <summary>A URL (kept a link in HTML) or words (an HTML link around it is removed).</summary>
    private readonly record struct Replacement(string Text, bool IsUrl);

    private static Func<Match, Replacement> Shown(SealedLinkKind kind) => _ => new(kind.Withheld, IsUrl: false);

    // An earlier version's link in clear: a placeholder that opens to nothing.
    private static Func<Match, Replacement> Sealed(SealedLinkKind kind) => _ => new(kind.Prefix + UnknownLanguage + "/", IsUrl: true);

    /// <summary>Opens the placeholders of one kind with its protector, each once, counting those that cannot be opened.</summary>
    private sealed class Opener(SealedLinkKind kind, ILinkProtector protector)
    {
        private readonly Dictionary<string, string?> _opened = new(StringComparer.Ordinal);

        public int Lost => _opened.Values.Count(v => v is null);

        public Replacement Open(Match placeholder)
        {
            var data = placeholder.Groups["data"].Value;
            if (!_opened.TryGetValue(data, out var url))
                _opened[data] = url = data.Length == 0 ? null : Usable(protector.Unprotect(data));
            return url is null ? new(kind.Unavailable(placeholder.Groups["lang"].Value), IsUrl: false) : new(url, IsUrl: true);
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

    [GeneratedRegex(@"<a\b[^>]*?\bhref=""(?<href>[^""]*)""[^>]*>.*?</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Anchor();

    [GeneratedRegex("^[A-Za-z0-9_-]+\\z")]
    private static partial Regex Base64Url();
}
