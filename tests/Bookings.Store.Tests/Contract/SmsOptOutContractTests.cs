using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// SMS opt-outs (<see cref="ISmsOptOutStore"/>): a STOP reply opts a number out of every calendar until START.
/// </summary>
public sealed class SmsOptOutContractTests : StoreContract
{
    private ISmsOptOutStore SmsOptOuts => Port<ISmsOptOutStore>();

    [Theory, MemberData(nameof(Stores))]
    public async Task AStopReplyOptsANumberOutOfEveryCalendarUntilItOptsInAgain(string store)
    {
        await OpenAsync(store);
        var first = await CreateMailboxAsync();
        var second = await CreateMailboxAsync("second");
        Assert.False(await SmsOptOuts.IsSmsOptedOutAsync(first.Id, "+48600100200"));

        await SmsOptOuts.SetSmsOptOutAsync("+48600100200", optedOut: true, Now);
        await SmsOptOuts.SetSmsOptOutAsync("+48600100200", optedOut: true, Now.AddMinutes(1));

        Assert.True(await SmsOptOuts.IsSmsOptedOutAsync(first.Id, "+48600100200"));
        Assert.True(await SmsOptOuts.IsSmsOptedOutAsync(second.Id, "+48600100200"));
        Assert.False(await SmsOptOuts.IsSmsOptedOutAsync(first.Id, "+48600100201"));
        await SmsOptOuts.SetSmsOptOutAsync("+48600100200", optedOut: false, Now.AddMinutes(2));
        Assert.False(await SmsOptOuts.IsSmsOptedOutAsync(second.Id, "+48600100200"));
    }
}
