using System.Text.RegularExpressions;

namespace Bookings.Core.Notifications;

/// <summary>Seals and opens manage links (purpose <see cref="ManageLinks.Purpose"/>).</summary>
public interface IManageLinkProtector : ILinkProtector;

/// <summary>
/// A booking's manage link (<c>/manage/{token}</c>), sealed in the messages to the customer (<see cref="SealedLinks"/>): it reads
/// <c>[manage link, sent to the customer]</c> where people look, and one that cannot be opened asks the customer to contact the business.
/// </summary>
public static partial class ManageLinks
{
    /// <summary>The Data Protection purpose of sealed manage links.</summary>
    public const string Purpose = "Bookings.ManageLink.v1";

    public static readonly SealedLinkKind Kind = new("manage", Purpose, recipient: "customer", contact: "the business",
        unavailable: ("this link is no longer available: please contact us", "ten link jest już niedostępny: prosimy o kontakt"),
        ClearLinks());

    /// <summary>The placeholder for <paramref name="manageUrl"/> in a message to a customer who reads <paramref name="language"/>.</summary>
    public static string Placeholder(IManageLinkProtector protector, string manageUrl, string? language) =>
        SealedLinks.Placeholder(Kind, protector, manageUrl, language);

    // What earlier versions wrote: {PublicBaseUrl or the request's host}/manage/{43 base64url characters}.
    [GeneratedRegex(@"https?://[^\s""'<>]*/manage/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")]
    private static partial Regex ClearLinks();
}
