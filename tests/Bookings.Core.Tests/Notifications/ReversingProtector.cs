using System.Text;
using Bookings.Core.Notifications;

namespace Bookings.Core.Tests.Notifications;

/// <summary>Seals by reversing the base64url of the link: enough to tell sealed from open, and a "lost key" from a good one.</summary>
internal sealed class ReversingProtector(bool keyLost = false) : IManageLinkProtector, IInvitationLinkProtector
{
    public string Protect(string url) =>
        new([.. Convert.ToBase64String(Encoding.UTF8.GetBytes(url)).TrimEnd('=').Replace('+', '-').Replace('/', '_').Reverse()]);

    public string? Unprotect(string protectedUrl)
    {
        if (keyLost) return null;
        var b64 = new string([.. protectedUrl.Reverse()]).Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
    }
}
