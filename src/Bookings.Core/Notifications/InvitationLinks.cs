using System.Text.RegularExpressions;

namespace Bookings.Core.Notifications;

/// <summary>Seals and opens staff invitation links (purpose <see cref="InvitationLinks.Purpose"/>).</summary>
public interface IInvitationLinkProtector : ILinkProtector;

/// <summary>
/// A staff invitation's accept and decline links (<c>/staff/invitation/{slug}/{staffId}/{token}</c>; only the token's hash is kept,
/// on the staff member), sealed in the invitation email (<see cref="SealedLinks"/>): they read
/// <c>[invitation link, sent to the staff member]</c> where people look, and one that cannot be opened asks the staff member to
/// contact the calendar's administrator.
/// </summary>
public static partial class InvitationLinks
{
    /// <summary>The Data Protection purpose of sealed invitation links.</summary>
    public const string Purpose = "Bookings.InvitationLink.v1";

    public static readonly SealedLinkKind Kind = new("invitation", Purpose, recipient: "staff member", contact: "the calendar's administrator",
        unavailable: ("this link is no longer available: please contact the calendar's administrator",
            "ten link jest już niedostępny: prosimy o kontakt z administratorem kalendarza"),
        ClearLinks());

    /// <summary>The placeholder for <paramref name="invitationUrl"/> in an invitation written in <paramref name="language"/>.</summary>
    public static string Placeholder(IInvitationLinkProtector protector, string invitationUrl, string? language) =>
        SealedLinks.Placeholder(Kind, protector, invitationUrl, language);

    // What earlier versions wrote: {the site's root}/staff/invitation/{slug}/{staff id}/{43 base64url characters}.
    [GeneratedRegex(@"https?://[^\s""'<>]*/staff/invitation/[^\s""'<>/]+/[^\s""'<>/]+/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")]
    private static partial Regex ClearLinks();
}
