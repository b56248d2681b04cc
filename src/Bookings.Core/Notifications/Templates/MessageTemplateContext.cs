using System.Collections;
using System.Net;
using System.Text;
using Scriban;
using Scriban.Functions;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Bookings.Core.Notifications.Templates;

/// <summary>What a template part produces: plain text (subject, text body, SMS) or HTML.</summary>
internal enum TemplateOutput { Text, Html }

/// <summary>Markup made by a helper (link, fields): written to an HTML body as it is, never encoded again.</summary>
internal sealed class HtmlMarkup(string html)
{
    public string Html { get; } = html;
    public override string ToString() => Html;
}

/// <summary>
/// One render's sandbox. Fresh per render: templates only print data. Scriban's built-ins that evaluate text (so that a
/// customer's name written as template code would run), include or import other templates and objects, or describe runtime
/// types are gone (<see cref="Forbidden"/>), the template loader refuses, and the import statement too. No .NET object is
/// reachable (the model is a ScriptObject of strings and numbers); loops, recursion, output and time are bounded. In HTML
/// output every value an expression writes to the body is encoded (line breaks as &lt;br&gt;); the template's own text and
/// the helpers' markup are written as they are.
/// </summary>
internal sealed class MessageTemplateContext : TemplateContext
{
    /// <summary>
    /// The Scriban 7.5 built-ins a message template may not use: <c>object.eval</c> and <c>object.eval_template</c> run a
    /// string as a script or a template; <c>include</c> and <c>include_join</c> load other templates; <c>object.typeof</c> and
    /// <c>object.kind</c> describe how a value is represented rather than print it. (<c>import</c>, a statement, is refused
    /// as well: see <see cref="Import"/>.)
    /// </summary>
    public static readonly IReadOnlySet<string> Forbidden = new HashSet<string>(StringComparer.Ordinal)
        { "object.eval", "object.eval_template", "include", "include_join", "object.typeof", "object.kind" };

    /// <summary>What a template that uses one of <see cref="Forbidden"/> (or import) is told.</summary>
    public const string Why = "a message template only prints data; it may not evaluate text as a template or script, include or import templates, or inspect types";

    public const int MaxOutputChars = 256 * 1024;
    public const int MaxLoopIterations = 1000;
    public const int MaxRecursion = 20;

    private readonly IScriptOutput _body;

    public MessageTemplateContext(TemplateOutput output, ScriptObject model, CancellationToken cancellation)
        : base(RestrictedBuiltins())
    {
        Mode = output;
        _body = Output;
        TemplateLoader = RefusingLoader.Instance;
        StrictVariables = false;
        EnableRelaxedTargetAccess = true;
        LoopLimit = MaxLoopIterations;
        LoopLimitQueryable = MaxLoopIterations;
        RecursiveLimit = MaxRecursion;
        OutputLimit = MaxOutputChars;
        OnOutputLimit = ScriptLimitBehavior.Throw;
        LimitToString = MaxOutputChars;
        OnStringLimit = ScriptLimitBehavior.Throw;
        RegexTimeOut = TimeSpan.FromMilliseconds(250);
        NewLine = "\n";
        CancellationToken = cancellation;

        var helpers = new ScriptObject();
        helpers.Import("link", new Func<TemplateContext, object?, object?, object>(Link));
        helpers.Import("fields", new Func<TemplateContext, object?[], object>(Fields));
        PushGlobal(helpers);
        PushGlobal(model);
    }

    public TemplateOutput Mode { get; }

    // Scriban's default built-ins (a deep copy, this render's own) without the forbidden ones.
    private static ScriptObject RestrictedBuiltins()
    {
        var builtins = new BuiltinFunctions();
        foreach (var name in Forbidden)
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) builtins.Remove(name);
            else if (builtins[name[..dot]] is ScriptObject group) group.Remove(name[(dot + 1)..]);
        }
        return builtins;
    }

    /// <summary><c>{{ import x }}</c> copies an object's members into the template's scope: refused like the forbidden built-ins.</summary>
    public override void Import(SourceSpan span, object objectToImport) => throw Refused(span, "import");

    private static ScriptRuntimeException Refused(SourceSpan span, string what) => new(span, $"`{what}` is not allowed: {Why}.");

    /// <summary>Answers every include with a refusal (the include built-ins are gone too; this holds should one come back).</summary>
    private sealed class RefusingLoader : ITemplateLoader
    {
        public static readonly RefusingLoader Instance = new();

        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => throw Refused(callerSpan, "include");

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => throw Refused(callerSpan, "include");

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => throw Refused(callerSpan, "include");
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        // Inside a capture (or a function whose output becomes a value) the text stays raw: it is
        // encoded once, when that value reaches the body.
        if (Mode != TemplateOutput.Html || textAsObject is null || !ReferenceEquals(Output, _body))
            return base.Write(span, textAsObject);
        if (textAsObject is HtmlMarkup markup) return base.Write(span, markup.Html);
        return base.Write(span, MessageText.Html(ObjectToString(textAsObject) ?? ""));
    }

    /// <summary>
    /// <c>{{ link url }}</c> or <c>{{ link url "label" }}</c>: in HTML an &lt;a href&gt; when the URL is an absolute
    /// http(s) one and plain encoded text otherwise; in text the URL itself (the label is ignored).
    /// </summary>
    private static object Link(TemplateContext context, object? url, object? label = null)
    {
        var href = Str(context, url);
        if (context is not MessageTemplateContext { Mode: TemplateOutput.Html }) return href;
        var text = label is null ? href : Str(context, label);
        if (string.IsNullOrEmpty(text)) text = href;
        var linkable = Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        return new HtmlMarkup(linkable
            ? "<a href=\"" + WebUtility.HtmlEncode(href) + "\">" + MessageText.Html(text) + "</a>"
            : MessageText.Html(text));
    }

    /// <summary>
    /// <c>{{ fields [["Label", value], …] answers }}</c>: label–value lines, each argument a list of [label, value]
    /// pairs or of {question, answer} objects; empty values are left out. Text: "Label: value" lines and a blank
    /// line; HTML: a two-column table. Nothing at all when every value is empty.
    /// </summary>
    private static object Fields(TemplateContext context, params object?[] lists)
    {
        var rows = new List<(string Label, string Value)>();
        foreach (var list in lists)
        {
            if (list is not IEnumerable items || list is string) continue;
            foreach (var item in items)
            {
                var (label, value) = item switch
                {
                    IList { Count: >= 2 } pair => (pair[0], pair[1]),
                    ScriptObject o => (o["question"], o["answer"]),
                    _ => (null, null),
                };
                var text = Str(context, value);
                if (string.IsNullOrWhiteSpace(text)) continue;
                rows.Add((Str(context, label), text.Trim().ReplaceLineEndings("\n")));
            }
        }
        if (rows.Count == 0) return "";

        var sb = new StringBuilder();
        if (context is MessageTemplateContext { Mode: TemplateOutput.Html })
        {
            sb.Append("<table role=\"presentation\" cellpadding=\"4\">\n");
            foreach (var (label, value) in rows)
                sb.Append("<tr><th align=\"left\" valign=\"top\">").Append(MessageText.Html(label))
                    .Append("</th><td>").Append(MessageText.Html(value)).Append("</td></tr>\n");
            sb.Append("</table>\n");
            return new HtmlMarkup(sb.ToString());
        }
        foreach (var (label, value) in rows)
            sb.Append(label).Append(": ").Append(value.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        return sb.Append('\n').ToString();
    }

    private static string Str(TemplateContext context, object? value) => value is null ? "" : context.ObjectToString(value) ?? "";
}
