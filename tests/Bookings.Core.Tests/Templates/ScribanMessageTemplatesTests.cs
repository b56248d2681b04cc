using System.Text.RegularExpressions;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Notifications.Templates;

namespace Bookings.Core.Tests.Templates;

public class ScribanMessageTemplatesTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Img = "\"><img src=x onerror=alert(1)>";
    private const string HeaderInjection = "a\r\nBcc: evil@example.com";

    private readonly ScribanMessageTemplates _templates = new(onOverrideFailed: (what, message) => throw new InvalidOperationException(what + ": " + message));

    public static TheoryData<string, string> EmailKinds()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in NotificationKinds.Email)
            foreach (var language in new[] { "en", "pl" })
                data.Add(kind, language);
        return data;
    }

    public static TheoryData<string, string> SmsKinds()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in NotificationKinds.Sms)
            foreach (var language in new[] { "en", "pl" })
                data.Add(kind, language);
        return data;
    }

    private static MessageModel Sample(string kind) => ScribanMessageTemplates.SampleModel(kind);

    private static CalendarDocument Calendar(params NotificationTemplate[] templates) => new() { NotificationTemplates = [.. templates] };

    [Theory]
    [MemberData(nameof(EmailKinds))]
    public void EveryEmailKindRendersInEveryLanguageWithItsKeyValues(string kind, string language)
    {
        var model = Sample(kind);
        var email = _templates.RenderEmail(new CalendarDocument(), language, model);

        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.DoesNotContain('\n', email.Subject);
        Assert.StartsWith($"<!DOCTYPE html>\n<html lang=\"{language}\">", email.Html);
        Assert.Contains("<meta charset=\"utf-8\">", email.Html);
        Assert.Contains($"<title>{System.Net.WebUtility.HtmlEncode(email.Subject)}</title>", email.Html);
        Assert.EndsWith("</html>\n", email.Html);
        Assert.EndsWith("\n", email.Text);
        Assert.DoesNotContain("\n\n\n", email.Text);
        Assert.DoesNotContain("{{", email.Text + email.Html + email.Subject);

        var when = MessageDates.When(model.Start, model.End, model.Zone, language);
        string[] expected = kind switch
        {
            NotificationKinds.InvitationStaff => [model.BusinessName, model.AcceptUrl!, model.DeclineUrl!],
            NotificationKinds.TimeOffStaff => [model.BusinessName, when, model.Reason!],
            NotificationKinds.CancellationCustomer => [model.BusinessName, model.ServiceName, model.StaffName, when],
            NotificationKinds.CancellationStaff => [model.ServiceName, model.CustomerName, model.CustomerEmail!, model.CustomerPhone!, when, model.Location!, "Taxes"],
            NotificationKinds.BookingStaff or NotificationKinds.BookingOwner or NotificationKinds.RescheduleStaff or NotificationKinds.ReminderStaff =>
                [model.ServiceName, model.CustomerName, model.CustomerEmail!, model.CustomerPhone!, when, model.Location!, model.JoinUrl!, model.ManageUrl!,
                 "What would you like to discuss?", "Taxes"],
            NotificationKinds.FollowUpCustomer => [model.BusinessName, model.ServiceName, when, model.Location!, model.ManageUrl!, model.CustomMessage!, model.BusinessWebsite!],
            _ => [model.BusinessName, model.ServiceName, model.StaffName, when, model.Location!, model.JoinUrl!, model.ManageUrl!],
        };
        foreach (var value in expected)
        {
            Assert.Contains(value, email.Text);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(value), email.Html);
        }
        if (kind.StartsWith("reschedule.", StringComparison.Ordinal))
            Assert.Contains(MessageDates.When(model.PreviousStart!.Value, model.PreviousEnd!.Value, model.Zone, language), email.Text);
        if (kind.StartsWith("reminder.", StringComparison.Ordinal))
            Assert.Contains(model.CustomMessage!, email.Text);
        if (kind != NotificationKinds.InvitationStaff && kind != NotificationKinds.FollowUpCustomer)
            Assert.Contains(MessageDates.Short(model.Start, language), email.Subject);
        foreach (var url in new[] { model.ManageUrl, model.JoinUrl, model.AcceptUrl, model.DeclineUrl })
            if (email.Text.Contains(url!, StringComparison.Ordinal))
                Assert.Contains($"<a href=\"{url}\">{url}</a>", email.Html);
    }

    [Theory]
    [MemberData(nameof(EmailKinds))]
    public void EveryEmailKindRendersWithOnlyTheRequiredValues(string kind, string language)
    {
        var full = Sample(kind);
        var sparse = new MessageModel { Kind = kind, RecipientName = "Ola", BusinessName = "Contoso", Zone = full.Zone, Start = full.Start, End = full.End };
        var email = _templates.RenderEmail(new CalendarDocument(), language, sparse);

        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.Contains(kind == NotificationKinds.BookingOwner ? "Contoso" : "Ola", email.Text);
        Assert.DoesNotContain("{{", email.Text + email.Html);
        Assert.DoesNotContain("<a ", email.Html);
        Assert.DoesNotContain("\n\n\n", email.Text);
    }

    [Theory]
    [MemberData(nameof(SmsKinds))]
    public void EverySmsKindIsOneShortLineWithTheTimeAndTheBusiness(string kind, string language)
    {
        var model = Sample(kind);
        var sms = _templates.RenderSms(new CalendarDocument(), language, model);

        Assert.InRange(sms.Length, 20, 300);
        Assert.DoesNotContain('\n', sms);
        Assert.DoesNotContain("<", sms);
        Assert.Contains(model.BusinessName, sms);
        Assert.Contains(model.ServiceName, sms);
        Assert.Contains(MessageDates.Short(model.Start, language), sms);
        if (kind is NotificationKinds.BookingSms or NotificationKinds.RescheduleSms)
            Assert.Contains(model.ManageUrl!, sms);
    }

    [Fact]
    public void PolishDatesAreWrittenInPolishWithGenitiveMonths()
    {
        var email = _templates.RenderEmail(new CalendarDocument(), "pl-PL", Sample(NotificationKinds.BookingCustomer));

        Assert.Contains("Termin: wtorek, 1 grudnia 2026, 09:00–09:30 (Europe/Warsaw, UTC+01:00)", email.Text);
        Assert.Equal("Rezerwacja potwierdzona: Consultation, wt. 1 gru 2026, 09:00", email.Subject);
        Assert.Contains("Twoja rezerwacja w Contoso Consulting została potwierdzona.", email.Text);
        Assert.Contains("<html lang=\"pl\">", email.Html);
    }

    [Fact]
    public void DatesDoNotDependOnTheThreadsCulture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            var en = _templates.RenderEmail(new CalendarDocument(), "en", Sample(NotificationKinds.BookingCustomer));
            var pl = _templates.RenderEmail(new CalendarDocument(), "pl", Sample(NotificationKinds.BookingCustomer));
            Assert.Contains("Tuesday, 1 December 2026, 09:00–09:30 (Europe/Warsaw, UTC+01:00)", en.Text);
            Assert.Contains("Tue 1 Dec 2026, 09:00", en.Subject);
            Assert.Contains("wtorek, 1 grudnia 2026, 09:00–09:30", pl.Text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("pl", "pl")]
    [InlineData("pl-PL", "pl")]
    [InlineData("PL", "pl")]
    [InlineData("en-US", "en")]
    [InlineData("de-DE", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    public void ThePolishTemplatesServeEveryPolishTagAndEnglishEverythingElse(string? tag, string expected) =>
        Assert.Equal(expected, MessageLanguages.For(tag));

    [Theory]
    [MemberData(nameof(EmailKinds))]
    public void HostileValuesAreEncodedInHtmlRawInTextAndTheSubjectStaysOneLine(string kind, string language)
    {
        var model = Sample(kind) with
        {
            RecipientName = Script,
            CustomerName = Img,
            ServiceName = HeaderInjection,
            BusinessName = HeaderInjection + Script,
            Notes = Script,
            Location = Img,
            Reason = Img,
            CustomMessage = Script,
            Answers = [new MessageAnswer(Script, Img)],
            ManageUrl = "https://bookings.example/m?a=1&b=\"><script>x</script>",
            JoinUrl = "javascript:alert(1)",
        };
        var email = _templates.RenderEmail(new CalendarDocument(), language, model);

        Assert.DoesNotContain("<script", email.Html);
        Assert.DoesNotContain("<img", email.Html);
        Assert.DoesNotContain("href=\"javascript", email.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html);
        Assert.Contains(Script, email.Text);
        Assert.Matches(new Regex("<a href=\"[^\"<>]*\">"), email.Html.Contains("<a ", StringComparison.Ordinal) ? email.Html : "<a href=\"\">");

        Assert.DoesNotContain('\r', email.Subject);
        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain("\nBcc:", email.Subject);
        if (kind != NotificationKinds.TimeOffStaff) Assert.Contains("a Bcc: evil@example.com", email.Subject);
        Assert.True(email.Subject.Length <= 251);
        if (kind is NotificationKinds.BookingCustomer or NotificationKinds.BookingStaff)
        {
            Assert.Contains("a<br>Bcc: evil@example.com", email.Html);
            Assert.Contains("a\nBcc: evil@example.com", email.Text);
            Assert.Contains("href=\"https://bookings.example/m?a=1&amp;b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"", email.Html);
        }
    }

    [Fact]
    public void HostileValuesInAnSmsStayOnOneLine()
    {
        var model = Sample(NotificationKinds.BookingSms) with { BusinessName = HeaderInjection, ServiceName = "x\u2028y" };
        var sms = _templates.RenderSms(new CalendarDocument(), "en", model);
        Assert.DoesNotContain('\n', sms);
        Assert.DoesNotContain('\u2028', sms);
        Assert.StartsWith("a Bcc: evil@example.com:", sms);
    }

    [Fact]
    public void AnOverrideReplacesOnlyThePartItSets()
    {
        var calendar = Calendar(new NotificationTemplate
        {
            Kind = NotificationKinds.BookingCustomer,
            Language = "pl",
            Subject = "Do zobaczenia, {{ customer_name }}!\n{{ when_text }}",
        });
        var model = Sample(NotificationKinds.BookingCustomer);

        var own = _templates.RenderEmail(calendar, "pl-PL", model);
        var defaults = _templates.RenderEmail(new CalendarDocument(), "pl", model);
        var english = _templates.RenderEmail(calendar, "en", model);

        Assert.Equal("Do zobaczenia, Jan Kowalski! wtorek, 1 grudnia 2026, 09:00–09:30 (Europe/Warsaw, UTC+01:00)", own.Subject);
        Assert.Equal(defaults.Text, own.Text);
        Assert.Equal(defaults.Html.Replace(defaults.Subject, own.Subject, StringComparison.Ordinal), own.Html);
        Assert.StartsWith("Booking confirmed:", english.Subject);
    }

    [Fact]
    public void AnHtmlOverrideIsTrustedMarkupWithEncodedValues()
    {
        var calendar = Calendar(new NotificationTemplate
        {
            Kind = NotificationKinds.ReminderCustomer,
            Language = "en",
            Html = "<p style=\"color:red\">{{ customer_name }}</p><a href=\"{{ manage_url }}\">x</a>{{ capture c }}[{{ customer_name }}]{{ end }}{{ c }}{{ link join_url \"Join\" }}",
            Text = "{{ for a in answers }}{{ a.question }}={{ a.answer }};{{ end }}",
        });
        var model = Sample(NotificationKinds.ReminderCustomer) with { CustomerName = Img, ManageUrl = "https://x.example/?a=1&b=2" };

        var email = _templates.RenderEmail(calendar, "en", model);

        Assert.Equal(
            "<p style=\"color:red\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p><a href=\"https://x.example/?a=1&amp;b=2\">x</a>"
            + "[&quot;&gt;&lt;img src=x onerror=alert(1)&gt;]<a href=\"https://meet.example/j/123456\">Join</a>\n", email.Html);
        Assert.Equal("What would you like to discuss?=Taxes;\n", email.Text);
    }

    [Fact]
    public void AnSmsOverrideIsUsed()
    {
        var calendar = Calendar(new NotificationTemplate { Kind = NotificationKinds.ReminderSms, Language = "en", Text = "See you {{ subject_when }}\nat {{ business_name }}" });
        Assert.Equal("See you Tue 1 Dec 2026, 09:00 at Contoso Consulting", _templates.RenderSms(calendar, "en", Sample(NotificationKinds.ReminderSms)));
    }

    [Fact]
    public void AnOverrideThatFailsWhenRenderedFallsBackToTheDefault()
    {
        var failures = new List<string>();
        var templates = new ScribanMessageTemplates(onOverrideFailed: (what, _) => failures.Add(what));
        var calendar = Calendar(new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Subject = "{{ nope 1 }}", Text = "{{ if }}" });

        var email = templates.RenderEmail(calendar, "en", Sample(NotificationKinds.BookingCustomer));

        Assert.StartsWith("Booking confirmed:", email.Subject);
        Assert.StartsWith("Hello Jan Kowalski,", email.Text);
        Assert.Equal(["booking.customer/en/subject", "booking.customer/en/text"], failures);
    }

    [Fact]
    public void ValidTemplatesHaveNoProblems()
    {
        var calendar = Calendar(
            new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Subject = "Hi {{ customer_name | string.upcase }}" },
            new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "pl", Html = "<p>{{ for a in answers }}{{ a.answer }}{{ end }}</p>" },
            new NotificationTemplate { Kind = NotificationKinds.BookingSms, Language = "pl", Text = "{{ business_name }}: {{ subject_when }}" });

        Assert.Empty(_templates.Validate(calendar));
    }

    [Theory]
    [InlineData("Hello\n\n{{ if }}", "line 3, column")]
    [InlineData("Hello\n{{ for x in 1..10000000 }}x{{ end }}", "line 2, column")]
    [InlineData("{{ for x in 1..600 }}{{ for y in 1..600 }}{{ end }}{{ end }}", "line 1, column")]
    [InlineData("a\nb\n{{ customer_name | no_such_function }}", "line 3, column")]
    [InlineData("{{ no_such_function 1 }}", "line 1, column 4")]
    [InlineData("{{ include 'x' }}", "line 1, column")]
    [InlineData("{{ func f; ret f; end; f }}", "line 1, column")]
    [InlineData("{{ for i in 1..900 }}{{ 'x' | string.pad_left 1000 }}{{ end }}", "line 1, column")]
    public void ABrokenOverrideIsReportedWithItsPathAndLine(string source, string expected)
    {
        var calendar = Calendar(
            new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Subject = "fine" },
            new NotificationTemplate { Kind = NotificationKinds.BookingStaff, Language = "pl", Text = "fine", Html = source });

        var problems = _templates.Validate(calendar);

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal("notificationTemplates[1].html", p.Path));
        Assert.StartsWith(expected, problems[0].Message);
    }

    [Fact]
    public void ValidationReportsScribansMessage()
    {
        var problems = _templates.Validate(Calendar(new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Text = "{{ include 'secrets.txt' }}" }));
        var (path, message) = Assert.Single(problems);
        Assert.Equal("notificationTemplates[0].text", path);
        Assert.Contains("include", message);
    }

    [Fact]
    public void ASlowTemplateIsStopped()
    {
        var templates = new ScribanMessageTemplates(renderTimeout: TimeSpan.FromMilliseconds(100));
        var calendar = Calendar(new NotificationTemplate
        {
            Kind = NotificationKinds.BookingCustomer,
            Language = "en",
            Text = "x\n{{ for i in 1..1000 }}{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' | regex.match '^(a+)+$' }}{{ end }}",
        });
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (path, message) = Assert.Single(templates.Validate(calendar));
        Assert.Equal("notificationTemplates[0].text", path);
        Assert.StartsWith("line 2, column", message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), started.Elapsed.ToString());
    }

    [Fact]
    public void ABareWhenIsExplained()
    {
        var problems = _templates.Validate(Calendar(new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Subject = "At {{ when }}" }));
        Assert.All(problems, p => Assert.Equal("notificationTemplates[0].subject", p.Path));
        Assert.Contains(problems, p => p.Message.Contains("when_text", StringComparison.Ordinal));
        Assert.Empty(_templates.Validate(Calendar(new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Subject = "At {{ when_text }}" })));
    }

    [Fact]
    public void TimeOffOnOneDayNamesTheDateOnce()
    {
        var model = Sample(NotificationKinds.TimeOffStaff) with { End = Sample(NotificationKinds.TimeOffStaff).Start.AddHours(8) };
        Assert.Equal("Time off: Tue 1 Dec 2026, 09:00–17:00", _templates.RenderEmail(new CalendarDocument(), "en", model).Subject);
        Assert.Equal("Nieobecność: wt. 1 gru 2026, 09:00–17:00", _templates.RenderEmail(new CalendarDocument(), "pl", model).Subject);
    }

    [Fact]
    public void ValidationChecksKindLanguagePartsAndDuplicates()
    {
        var calendar = Calendar(
            new NotificationTemplate { Kind = "booking.nobody", Language = "en", Text = "x" },
            new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "de", Text = "x" },
            new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en" },
            new NotificationTemplate { Kind = NotificationKinds.BookingSms, Language = "en", Subject = "s", Html = "<p>h</p>" },
            new NotificationTemplate { Kind = NotificationKinds.ReminderStaff, Language = "pl", Text = "a" },
            new NotificationTemplate { Kind = NotificationKinds.ReminderStaff, Language = "pl", Html = "b" });

        var paths = _templates.Validate(calendar).Select(p => p.Path).ToList();

        Assert.Equal(
            ["notificationTemplates[0].kind", "notificationTemplates[1].language", "notificationTemplates[2]",
             "notificationTemplates[3].subject", "notificationTemplates[3].html", "notificationTemplates[5]"],
            paths);
    }

    [Fact]
    public void AnOverlongTemplateIsRefused()
    {
        var calendar = Calendar(new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Text = new string('x', ScribanMessageTemplates.MaxTemplateLength + 1) });
        Assert.Equal("notificationTemplates[0].text", Assert.Single(_templates.Validate(calendar)).Path);
    }

    [Fact]
    public void ATemplateSeesNoDotNetObjects()
    {
        var calendar = Calendar(new NotificationTemplate
        {
            Kind = NotificationKinds.BookingCustomer,
            Language = "en",
            Text = "[{{ start.year }}][{{ customer_name.length }}][{{ answers[0].GetType }}][{{ answers | array.size }}][{{ zone }}]",
        });
        Assert.Empty(_templates.Validate(calendar));
        var email = _templates.RenderEmail(calendar, "en", Sample(NotificationKinds.BookingCustomer));
        Assert.Equal("[][][][1][]\n", email.Text);
    }

    /// <summary>A customer whose name is template code: run, it would print "42 PWNED".</summary>
    private const string CodeAsName = "{{ 6 * 7 }} {{ 'pwned' | string.upcase }}";

    /// <summary>The same as a script (what object.eval runs).</summary>
    private const string CodeAsScript = "6 * 7 + ' ' + ('pwned' | string.upcase)";

    [Theory]
    [InlineData("{{ customer_name | object.eval_template }}", "object.eval_template")]
    [InlineData("Hi {{ object.eval_template customer_name }}", "object.eval_template")]
    [InlineData("{{ customer_name | object.eval }}", "object.eval")]
    [InlineData("{{ if notes == 'never' }}{{ notes | object.eval }}{{ end }}", "object.eval")]
    [InlineData("{{ e = object[\"eval_template\"]; e customer_name }}", "object.eval_template")]
    [InlineData("{{ include 'booking.customer.text' }}", "include")]
    [InlineData("{{ include_join ['a', 'b'] ', ' }}", "include_join")]
    [InlineData("{{ import object }}{{ customer_name | eval_template }}", "import")]
    [InlineData("{{ customer_name | object.typeof }}", "object.typeof")]
    [InlineData("{{ customer_name | object.kind }}", "object.kind")]
    public void ATemplateThatEvaluatesIncludesImportsOrReflectsIsRefusedAtSave(string source, string function)
    {
        var calendar = Calendar(
            new NotificationTemplate { Kind = NotificationKinds.BookingCustomer, Language = "en", Subject = "fine" },
            new NotificationTemplate { Kind = NotificationKinds.BookingStaff, Language = "pl", Text = "Hello\n" + source });

        var (path, message) = Assert.Single(_templates.Validate(calendar));

        Assert.Equal("notificationTemplates[1].text", path);
        Assert.StartsWith("line 2, column", message);
        Assert.Contains($"`{function}` is not allowed in the booking.staff text template (pl)", message);
    }

    [Theory]
    [InlineData("{{ customer_name | object.eval_template }}", CodeAsName)]
    [InlineData("{{ customer_name | object.eval }}", CodeAsScript)]
    [InlineData("{{ e = @object.eval_template; e customer_name }}", CodeAsName)]
    [InlineData("{{ e = object[\"eval\"]; customer_name | e }}", CodeAsScript)]
    [InlineData("{{ f = object; f.eval_template customer_name }}", CodeAsName)]
    [InlineData("{{ import object }}{{ customer_name | eval_template }}", CodeAsName)]
    [InlineData("{{ include 'booking.customer.text' }}", CodeAsName)]
    public void CustomerTemplateCodeIsPrintedNeverRunEvenByATemplateStoredBeforeTheCheck(string source, string name)
    {
        var failures = new List<string>();
        var templates = new ScribanMessageTemplates(onOverrideFailed: (what, _) => failures.Add(what));
        // Stored without validation, as an older version allowed.
        var calendar = Calendar(new NotificationTemplate { Kind = NotificationKinds.BookingStaff, Language = "en", Text = "Customer: " + source, Html = "<p>" + source + "</p>" });
        var model = Sample(NotificationKinds.BookingStaff) with { CustomerName = name };

        var email = templates.RenderEmail(calendar, "en", model);

        Assert.DoesNotContain("42", email.Text + email.Html);
        Assert.DoesNotContain("PWNED", email.Text + email.Html);
        Assert.Contains(name, email.Text);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(name), email.Html);
        Assert.Equal(["booking.staff/en/text", "booking.staff/en/html"], failures);
    }

    [Fact]
    public void RenderingAnSmsKindAsEmailIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _templates.RenderEmail(new CalendarDocument(), "en", Sample(NotificationKinds.BookingSms)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _templates.RenderSms(new CalendarDocument(), "en", Sample(NotificationKinds.BookingCustomer)));
    }

    [Fact]
    public void TheLanguagesAreEnglishAndPolish() => Assert.Equal(["en", "pl"], _templates.Languages);
}
