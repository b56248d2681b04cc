using Bookings.Core.Calendars;
using Bookings.Store.Graph.Transport;
using Microsoft.Extensions.Options;

namespace Bookings.Store.Graph;

/// <summary>
/// What the store (not the transport) needs of the "Graph" settings, checked at start beside <see cref="GraphOptionsValidator"/> when the
/// Microsoft 365 store is registered (the transport alone does not need a directory mailbox); every failure names its setting.
/// </summary>
public sealed class GraphStoreOptionsValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!MailboxAddress.IsValid(options.DirectoryMailbox))
            failures.Add("Graph:DirectoryMailbox must be the address of a mailbox in the app's scope (it keeps the list of calendars), e.g. the first calendar's.");
        if (!options.AdoptedMailboxes.All(MailboxAddress.IsValid))
            failures.Add("Graph:AdoptedMailboxes must hold mailbox addresses.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
