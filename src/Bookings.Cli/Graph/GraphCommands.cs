using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Cli.Graph;

/// <summary>`bookings graph check`: what the Microsoft 365 store relies on, tried on a mailbox of the tenant (<see cref="ITenantCheck"/>).</summary>
internal static class GraphCommands
{
    /// <summary>Text lines are wrapped to this width where the words allow.</summary>
    public const int Width = 120;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create() => new("graph", "The Microsoft 365 store: check what it relies on in the tenant.")
    {
        Check(),
    };

    private static Command Check()
    {
        var mailbox = new Option<string>("--mailbox")
        {
            Description = "The mailbox to try it on: a calendar's scheduling mailbox, or one that is to become one.",
            HelpName = "ADDRESS",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the outcomes as JSON instead of text." };
        var command = new Command("check",
            "Try every assumption of the Microsoft 365 store on a mailbox, with scratch items it creates and removes (it mails nobody), " +
            "and say for each what was seen, the documentation it rests on and what the store does if it fails. Exit code 1 when any failed.")
        {
            mailbox,
            json,
        };
        command.SetAction(async (r, ct) =>
        {
            var address = (r.GetValue(mailbox) ?? "").Trim();
            if (!MailboxAddress.IsValid(address)) throw new CliException($"'{address}' is not a mailbox address.");
            // Decided before the store is opened: the embedded store would create its database for nothing.
            if (!StoreHosting.IsMicrosoft365(CliStore.Configuration(r)))
                throw new CliException("bookings graph check is for the Microsoft 365 store: set Store:Provider=Graph and the Graph settings " +
                    "(README, \"Run on Microsoft 365\"); this store is the embedded one.");

            await using var store = await CliStore.OpenAsync(r, ct);
            var check = store.Services.GetRequiredService<ITenantCheck>();
            var outcomes = await check.RunAsync(address, ct);

            var output = r.InvocationConfiguration.Output;
            if (r.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(outcomes, Json));
            else WriteText(output, outcomes);
            return outcomes.Any(o => o.Result == CheckResult.Fail) ? CliApp.Failure : CliApp.Success;
        });
        return command;
    }

    /// <summary>
    /// One line per assumption (✓ passed, ✗ failed, · a note) and, indented, what was seen, the documentation and what the store does if
    /// it fails; then the totals.
    /// </summary>
    internal static void WriteText(TextWriter output, IReadOnlyList<CheckOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            Write(output, $"{Mark(o.Result)} ", o.Assumption, "  ");
            Write(output, "    seen: ", o.Seen, "      ");
            Write(output, "    docs: ", o.Documentation, "      ");
            Write(output, "    if it fails: ", o.WhenItFails, "      ");
        }
        output.WriteLine($"{outcomes.Count(o => o.Result == CheckResult.Pass)} passed, {outcomes.Count(o => o.Result == CheckResult.Fail)} failed, " +
            $"{outcomes.Count(o => o.Result == CheckResult.Note)} notes");
    }

    public static string Mark(CheckResult result) => result switch
    {
        CheckResult.Pass => "✓",
        CheckResult.Fail => "✗",
        _ => "·",
    };

    /// <summary>Writes <paramref name="text"/> (made one line) after <paramref name="first"/>, wrapped at <see cref="Width"/> between words.</summary>
    private static void Write(TextWriter output, string first, string text, string next)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in CliApp.OneLine(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                output.WriteLine(line.ToString());
                line.Clear().Append(next);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        output.WriteLine(line.ToString());
    }
}
