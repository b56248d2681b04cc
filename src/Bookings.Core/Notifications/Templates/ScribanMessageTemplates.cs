using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Bookings.Core.Calendars;
using Bookings.Core.Time;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Bookings.Core.Notifications.Templates;

/// <summary>
/// The message wording as Scriban templates: defaults for every kind in English and Polish (embedded
/// resources under Notifications/Templates/Defaults/{lang}/{kind}.{subject|text|html}.sbn), replaced part by
/// part by a calendar's own <see cref="CalendarDocument.NotificationTemplates"/>. See docs/templates.md.
/// </summary>
public sealed partial class ScribanMessageTemplates : IMessageTemplates
{
    public const string Subject = "subject";
    public const string Text = "text";
    public const string Html = "html";

    /// <summary>The longest template part a calendar may hold, in characters.</summary>
    public const int MaxTemplateLength = 64 * 1024;
    public const int MaxSubjectLength = 250;
    public const int MaxSmsLength = 640;

    private static readonly string[] LanguageList = ["en", "pl"];
    private static readonly Scriban.Parsing.ParserOptions OwnParserOptions = new() { ExpressionDepthLimit = 100 };
    private static readonly ConcurrentDictionary<(string Language, string Kind, string Part), Template> Defaults = new();
    private readonly ConcurrentDictionary<string, Template> _parsed = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeout;
    private readonly Action<string, string>? _onOverrideFailed;

    /// <param name="renderTimeout">How long one template part may take to render (default 2 s).</param>
    /// <param name="onOverrideFailed">
    /// Told (kind/language/part, message) when a calendar's own template fails at render time; the default part is
    /// used instead, so the message still goes out.
    /// </param>
    public ScribanMessageTemplates(TimeSpan? renderTimeout = null, Action<string, string>? onOverrideFailed = null)
    {
        _timeout = renderTimeout ?? TimeSpan.FromSeconds(2);
        _onOverrideFailed = onOverrideFailed;
    }

    public IReadOnlyList<string> Languages => LanguageList;

    public RenderedEmail RenderEmail(CalendarDocument calendar, string language, MessageModel model)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(model);
        if (!NotificationKinds.Email.Contains(model.Kind))
            throw new ArgumentOutOfRangeException(nameof(model), model.Kind, "Not an email kind of notification.");
        var lang = MessageLanguages.For(language);
        var own = Find(calendar, model.Kind, lang);

        var subject = MessageText.Header(Render(own?.Subject, lang, model, Subject, TemplateOutput.Text, subject: null), MaxSubjectLength);
        var text = NormalizeText(Render(own?.Text, lang, model, Text, TemplateOutput.Text, subject));
        var html = NormalizeHtml(Render(own?.Html, lang, model, Html, TemplateOutput.Html, subject));
        return new RenderedEmail(subject, text, html);
    }

    public string RenderSms(CalendarDocument calendar, string language, MessageModel model)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(model);
        if (!NotificationKinds.Sms.Contains(model.Kind))
            throw new ArgumentOutOfRangeException(nameof(model), model.Kind, "Not an SMS kind of notification.");
        var lang = MessageLanguages.For(language);
        var own = Find(calendar, model.Kind, lang);
        return MessageText.Header(Render(own?.Text, lang, model, Text, TemplateOutput.Text, subject: null), MaxSmsLength);
    }

    public IReadOnlyList<(string Path, string Message)> Validate(CalendarDocument calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var problems = new List<(string, string)>();
        var seen = new Dictionary<(string, string), int>();
        for (var i = 0; i < calendar.NotificationTemplates.Count; i++)
        {
            var t = calendar.NotificationTemplates[i];
            var path = $"notificationTemplates[{i}]";
            if (t is null) { problems.Add((path, "A template entry must not be null.")); continue; }

            var isEmail = NotificationKinds.Email.Contains(t.Kind);
            var isSms = NotificationKinds.Sms.Contains(t.Kind);
            if (!isEmail && !isSms)
                problems.Add(($"{path}.kind", $"Unknown kind '{t.Kind}': one of {string.Join(", ", NotificationKinds.Email.Concat(NotificationKinds.Sms))}."));
            var languageKnown = LanguageList.Contains(t.Language);
            if (!languageKnown)
                problems.Add(($"{path}.language", $"Unknown language '{t.Language}': en or pl."));
            if (t.Subject is null && t.Html is null && t.Text is null)
                problems.Add((path, "Set at least one of subject, html and text."));
            if (isSms && t.Subject is not null) problems.Add(($"{path}.subject", "An SMS has no subject: set text only."));
            if (isSms && t.Html is not null) problems.Add(($"{path}.html", "An SMS has no HTML body: set text only."));

            if (isEmail || isSms)
            {
                if (languageKnown)
                {
                    if (seen.TryGetValue((t.Kind, t.Language), out var first))
                        problems.Add((path, $"notificationTemplates[{first}] already holds {t.Kind} in {t.Language}."));
                    else seen[(t.Kind, t.Language)] = i;
                }
                var lang = languageKnown ? t.Language : "en";
                ValidatePart(problems, $"{path}.subject", isEmail ? t.Subject : null, t.Kind, lang, Subject, TemplateOutput.Text);
                ValidatePart(problems, $"{path}.text", t.Text, t.Kind, lang, Text, TemplateOutput.Text);
                ValidatePart(problems, $"{path}.html", isEmail ? t.Html : null, t.Kind, lang, Html, TemplateOutput.Html);
            }
        }
        return problems;
    }

    /// <summary>A model with every value set, as previews and <see cref="Validate"/> render against.</summary>
    public static MessageModel SampleModel(string kind)
    {
        var zone = TimeZones.TryResolve("Europe/Warsaw", out var z) ? z : TimeZoneInfo.Utc;
        var start = TimeZones.InZone(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), zone);
        return new MessageModel
        {
            Kind = kind,
            RecipientName = "Jan Kowalski",
            BusinessName = "Contoso Consulting",
            BusinessEmail = "hello@contoso.example",
            BusinessPhone = "+48 22 123 45 67",
            BusinessWebsite = "https://contoso.example",
            ServiceName = "Consultation",
            StaffName = "Piotr Nowak",
            CustomerName = "Jan Kowalski",
            CustomerEmail = "jan@example.com",
            CustomerPhone = "+48 600 100 200",
            Notes = "Please call before.",
            Answers = [new MessageAnswer("What would you like to discuss?", "Taxes")],
            Start = start,
            End = start.AddMinutes(30),
            Zone = zone,
            PreviousStart = start.AddDays(-1).AddHours(5),
            PreviousEnd = start.AddDays(-1).AddHours(5).AddMinutes(30),
            Location = "ul. Marszałkowska 1, 00-001 Warszawa, PL",
            ManageUrl = "https://bookings.example/manage/abc123",
            ViewUrl = "https://bookings.example/manage/abc123",
            JoinUrl = "https://meet.example/j/123456",
            Online = true,
            OthersRemaining = 2,
            CustomMessage = "Please bring your documents.",
            AcceptUrl = "https://bookings.example/staff/accept/abc123",
            DeclineUrl = "https://bookings.example/staff/decline/abc123",
            Reason = "Training",
        };
    }

    /// <summary>The model as template variables (snake_case), with the dates in words for the language.</summary>
    internal static ScriptObject Variables(MessageModel m, string language, string? subject)
    {
        var answers = new ScriptArray();
        foreach (var a in m.Answers)
        {
            var o = new ScriptObject { ["question"] = a.Question, ["answer"] = a.Answer };
            answers.Add(o);
        }
        DateTimeOffset? previousEnd = m.PreviousEnd ?? (m.PreviousStart is { } ps ? ps + (m.End - m.Start) : null);

        var when = MessageDates.When(m.Start, m.End, m.Zone, language);
        var so = new ScriptObject
        {
            ["kind"] = m.Kind,
            ["language"] = language,
            ["recipient_name"] = m.RecipientName,
            ["business_name"] = m.BusinessName,
            ["business_email"] = m.BusinessEmail,
            ["business_phone"] = m.BusinessPhone,
            ["business_website"] = m.BusinessWebsite,
            ["service_name"] = m.ServiceName,
            ["staff_name"] = m.StaffName,
            ["customer_name"] = m.CustomerName,
            ["customer_email"] = m.CustomerEmail,
            ["customer_phone"] = m.CustomerPhone,
            ["notes"] = m.Notes,
            ["answers"] = answers,
            // "when" is a Scriban keyword (case/when): {{ when }} alone does not parse, so when_text says the same.
            ["when"] = when,
            ["when_text"] = when,
            ["subject_when"] = MessageDates.Short(m.Start, language),
            ["subject_end"] = m.End.Date == m.Start.Date ? MessageDates.Time(m.End, language) : MessageDates.Short(m.End, language),
            ["start_date"] = MessageDates.Date(m.Start, language),
            ["start_time"] = MessageDates.Time(m.Start, language),
            ["end_time"] = MessageDates.Time(m.End, language),
            ["time_zone"] = MessageDates.ZoneName(m.Zone, m.Start),
            ["start_iso"] = m.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["end_iso"] = m.End.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["previous_when"] = m.PreviousStart is { } p ? MessageDates.When(p, previousEnd!.Value, m.Zone, language) : null,
            ["previous_subject_when"] = m.PreviousStart is { } p2 ? MessageDates.Short(p2, language) : null,
            ["location"] = m.Location,
            ["manage_url"] = m.ManageUrl,
            ["view_url"] = m.ViewUrl,
            ["join_url"] = m.JoinUrl,
            ["online"] = m.Online,
            ["others_remaining"] = m.OthersRemaining,
            ["custom_message"] = m.CustomMessage,
            ["accept_url"] = m.AcceptUrl,
            ["decline_url"] = m.DeclineUrl,
            ["reason"] = m.Reason,
        };
        if (subject is not null) so["subject"] = subject;
        return so;
    }

    private static NotificationTemplate? Find(CalendarDocument calendar, string kind, string language) =>
        calendar.NotificationTemplates.FirstOrDefault(t =>
            t is not null && t.Kind == kind && string.Equals(t.Language, language, StringComparison.OrdinalIgnoreCase));

    private string Render(string? own, string language, MessageModel model, string part, TemplateOutput output, string? subject)
    {
        if (own is not null)
        {
            try
            {
                return RenderTemplate(ParseOwn(own), output, model, language, subject);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _onOverrideFailed?.Invoke($"{model.Kind}/{language}/{part}", e.Message);
            }
        }
        return RenderTemplate(Default(language, model.Kind, part), output, model, language, subject);
    }

    private string RenderTemplate(Template template, TemplateOutput output, MessageModel model, string language, string? subject)
    {
        using var cts = new CancellationTokenSource(_timeout);
        var context = new MessageTemplateContext(output, Variables(model, language, subject), cts.Token);
        return template.Render(context);
    }

    private Template ParseOwn(string source)
    {
        if (source.Length > MaxTemplateLength) throw new TemplateException($"The template is longer than {MaxTemplateLength} characters.");
        if (_parsed.TryGetValue(source, out var cached)) return cached;
        var template = Template.Parse(source, null, OwnParserOptions);
        if (template.HasErrors)
            throw new TemplateException(string.Join("; ", template.Messages.Select(m => m.ToString())));
        if (_parsed.Count >= 512) _parsed.Clear();
        _parsed[source] = template;
        return template;
    }

    internal static Template Default(string language, string kind, string part) =>
        Defaults.GetOrAdd((language, kind, part), static key =>
        {
            var name = $"Bookings.Core.Notifications.Templates.Defaults.{key.Language}.{key.Kind}.{key.Part}.sbn";
            using var stream = typeof(ScribanMessageTemplates).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"No default template {key.Language}/{key.Kind}.{key.Part}.sbn (resource {name}).");
            using var reader = new StreamReader(stream);
            var template = Template.Parse(reader.ReadToEnd(), $"{key.Language}/{key.Kind}.{key.Part}.sbn");
            if (template.HasErrors)
                throw new InvalidOperationException($"The default template {key.Language}/{key.Kind}.{key.Part}.sbn is broken: {string.Join("; ", template.Messages)}");
            return template;
        });

    private void ValidatePart(List<(string, string)> problems, string path, string? source, string kind, string language, string part, TemplateOutput output)
    {
        if (source is null) return;
        if (source.Length > MaxTemplateLength)
        {
            problems.Add((path, $"The template is longer than {MaxTemplateLength} characters."));
            return;
        }
        var template = Template.Parse(source, path, OwnParserOptions);
        if (template.HasErrors)
        {
            foreach (var message in template.Messages.Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error)
                         .Select(m => At(m.Span.Start.Line, m.Span.Start.Column, m.Message)).Distinct())
                problems.Add((path, message));
            if (BareWhen().IsMatch(source))
                problems.Add((path, "'when' is a Scriban keyword: write {{ when_text }} (or when inside an expression, e.g. [\"When\", when])."));
            return;
        }
        if (template.Page is { } page && FirstForbidden(page) is { } forbidden)
        {
            problems.Add((path, At(forbidden.Span.Start.Line, forbidden.Span.Start.Column,
                $"`{forbidden.Name}` is not allowed in the {kind} {part} template ({language}): {MessageTemplateContext.Why}.")));
            return;
        }
        // Rendered against a full and a sparse model, so a runtime error (unknown function, loop limit…)
        // is found at save time rather than when a message is due.
        var full = SampleModel(kind);
        var sparse = new MessageModel
        {
            Kind = kind,
            RecipientName = full.RecipientName,
            BusinessName = full.BusinessName,
            Zone = full.Zone,
            Start = full.Start,
            End = full.End,
        };
        foreach (var model in new[] { full, sparse })
        {
            using var cts = new CancellationTokenSource(_timeout);
            var context = new MessageTemplateContext(output, Variables(model, language, part == Subject ? null : "Sample subject"), cts.Token);
            try
            {
                template.Render(context);
            }
            catch (ScriptAbortException e)
            {
                problems.Add((path, At(e.Span.Start.Line, e.Span.Start.Column, string.Create(CultureInfo.InvariantCulture, $"rendering took longer than {_timeout.TotalSeconds:0.#} s."))));
                return;
            }
            catch (ScriptRuntimeException e)
            {
                problems.Add((path, At(e.Span.Start.Line, e.Span.Start.Column, e.OriginalMessage)));
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var span = context.CurrentNode?.Span;
                problems.Add((path, span is { } s ? At(s.Start.Line, s.Start.Column, e.Message) : e.Message));
                return;
            }
        }
    }

    /// <summary>
    /// The first use of a forbidden built-in (<see cref="MessageTemplateContext.Forbidden"/>) or of import in the source, in
    /// whichever branch it stands: rendering the sample models would miss one in a branch they do not take. Uses the
    /// renderer cannot see (a forbidden function reached through a variable) fail when rendered instead, the built-in being gone.
    /// </summary>
    private static (string Name, SourceSpan Span)? FirstForbidden(ScriptNode node)
    {
        static bool IsForbidden(string name) => MessageTemplateContext.Forbidden.Contains(name);
        switch (node)
        {
            case ScriptImportStatement:
                return ("import", node.Span);
            case ScriptVariableGlobal global when IsForbidden(global.Name):
                return (global.Name, node.Span);
            case ScriptMemberExpression { Target: ScriptVariableGlobal group, Member: { } member } when IsForbidden($"{group.Name}.{member.Name}"):
                return ($"{group.Name}.{member.Name}", node.Span);
            case ScriptIndexerExpression { Target: ScriptVariableGlobal group, Index: ScriptLiteral { Value: string name } } when IsForbidden($"{group.Name}.{name}"):
                return ($"{group.Name}.{name}", node.Span);
        }
        foreach (var child in node.Children)
            if (child is not null && FirstForbidden(child) is { } found) return found;
        return null;
    }

    private static string At(int line, int column, string message) =>
        $"line {Math.Max(line, 0) + 1}, column {Math.Max(column, 0) + 1}: {message}";

    /// <summary>Plain text: \n line ends, at most one blank line in a row, one final line end.</summary>
    internal static string NormalizeText(string text)
    {
        var lines = BlankLines().Replace(text.ReplaceLineEndings("\n"), "\n\n").Trim('\n').TrimEnd();
        return lines + "\n";
    }

    private static string NormalizeHtml(string html) =>
        BlankLines().Replace(html.ReplaceLineEndings("\n"), "\n\n").Trim() + "\n";

    [GeneratedRegex(@"\{\{[-~]?\s*when\s*([|]|[-~]?\}\})")]
    private static partial Regex BareWhen();

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankLines();

    private sealed class TemplateException(string message) : Exception(message);
}
