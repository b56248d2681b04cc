using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// The calendar's questions for customers (/admin/{slug}/services/questions): add, edit, delete. Services choose which to ask
/// (the service form); deleting a question takes it off every service too.
/// </summary>
public sealed class QuestionsModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "services";

    public bool ReadOnly => !Can(AdminAction.EditSettings);

    public sealed class QuestionForm
    {
        public string? Version { get; set; }
        public string? Text { get; set; }
        public AnswerInputType Type { get; set; } = AnswerInputType.Text;
        public string? Options { get; set; }
    }

    [BindProperty]
    public QuestionForm Form { get; set; } = new();

    /// <summary>The question being edited (?edit=id); null: the form adds a new one.</summary>
    public string? EditId { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    /// <summary>How many services ask each question.</summary>
    public int UsedBy(string questionId) => Doc.Services.Count(s => s.CustomQuestions.Any(q => q.QuestionId == questionId));

    public async Task<IActionResult> OnGetAsync(string slug, string? edit, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewSettings, ct)) return Missing();
        Form = new QuestionForm { Version = Mailbox.Version };
        if (edit is not null)
        {
            if (Doc.CustomQuestions.FirstOrDefault(q => q.Id == edit) is not { } q) return Missing();
            EditId = edit;
            Form.Text = q.DisplayName;
            Form.Type = q.AnswerInputType;
            Form.Options = string.Join('\n', q.AnswerOptions);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string? edit, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        if (edit is not null && Doc.CustomQuestions.All(q => q.Id != edit)) return Missing();
        EditId = edit;

        var text = Form.Text?.Trim() ?? "";
        var type = Enum.IsDefined(Form.Type) ? Form.Type : AnswerInputType.Text;
        var options = (Form.Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (text.Length == 0) FieldErrors["Form.Text"] = Text.Services.WriteTheQuestion;
        else if (text.Length > 500) FieldErrors["Form.Text"] = Text.Services.AQuestionIsAt;
        if (type == AnswerInputType.RadioButton && options.Count < 2)
            FieldErrors["Form.Options"] = Text.Services.AChoiceQuestionNeeds;
        else if (options.Count > 50 || options.Any(o => o.Length > 200))
            FieldErrors["Form.Options"] = Text.Services.AtMost50Answers;
        if (type == AnswerInputType.Text) options = [];

        // SaveAsync changes a copy of this very document, so the id made here is free there too.
        var id = edit ?? ServiceText.NewId(text, Doc.CustomQuestions.Select(c => c.Id), "question");
        return await SaveAsync(Form.Version, doc =>
        {
            if (FieldErrors.Count > 0) return FieldErrors.Values;
            BookingCustomQuestion q;
            if (edit is null)
            {
                q = new BookingCustomQuestion { Id = id };
                doc.CustomQuestions.Add(q);
            }
            else if (doc.CustomQuestions.FirstOrDefault(c => c.Id == edit) is { } found) q = found;
            else return [Text.Services.ThisQuestionNoLonger];
            q.DisplayName = text;
            q.AnswerInputType = type;
            q.AnswerOptions = options;
            return null;
        }, edit is null ? "question.create" : "question.update", id, ct, Back()) ?? Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, string? id, string? version, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        if (id is null || Doc.CustomQuestions.All(q => q.Id != id)) return Missing();
        Form = new QuestionForm { Version = Mailbox.Version };
        return await SaveAsync(version, doc =>
        {
            doc.CustomQuestions.RemoveAll(q => q.Id == id);
            foreach (var s in doc.Services) s.CustomQuestions.RemoveAll(q => q.QuestionId == id);
            return null;
        }, "question.delete", id, ct, Back()) ?? Page();
    }

    private string Back() => $"/admin/{Mailbox.Slug}/services/questions" + (IsPolish ? "?lang=pl" : "");
}
