using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// Time off and closures (<see cref="ITimeOffStore"/>): listed by range, deleted, refused for an unknown calendar or an empty range.
/// </summary>
public sealed class TimeOffContractTests : StoreContract
{
    private ITimeOffStore TimeOff => Port<ITimeOffStore>();

    [Theory, MemberData(nameof(Stores))]
    public async Task TimeOffAndClosuresAreListedByRangeAndDeleted(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var off = await TimeOff.AddTimeOffAsync(new TimeOff("", mailbox.Id, "anna", Tuesday(13), Tuesday(15), "Dentist"));
        var closure = await TimeOff.AddTimeOffAsync(new TimeOff("", mailbox.Id, null, Tuesday(0), Tuesday(0).AddDays(1), null));

        Assert.StartsWith("off-", off.Id, StringComparison.Ordinal);
        Assert.Equal([closure, off], await TimeOff.ListTimeOffAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(3)));
        Assert.Equal([closure, off], await TimeOff.ListTimeOffAsync(mailbox.Id, Tuesday(14, 59), Tuesday(16)));
        Assert.Equal([closure], await TimeOff.ListTimeOffAsync(mailbox.Id, Tuesday(15), Tuesday(16)));
        Assert.Empty(await TimeOff.ListTimeOffAsync(mailbox.Id, Tuesday(0).AddDays(1), Tuesday(0).AddDays(2)));

        Assert.True(await TimeOff.DeleteTimeOffAsync(mailbox.Id, off.Id));
        Assert.False(await TimeOff.DeleteTimeOffAsync(mailbox.Id, off.Id));
        Assert.Equal([closure], await TimeOff.ListTimeOffAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(3)));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => TimeOff.AddTimeOffAsync(new TimeOff("", "nobody@bookings.local", null, Tuesday(1), Tuesday(2), null)));
        await Assert.ThrowsAsync<ArgumentException>(() => TimeOff.AddTimeOffAsync(new TimeOff("", mailbox.Id, null, Tuesday(2), Tuesday(2), null)));
    }
}
