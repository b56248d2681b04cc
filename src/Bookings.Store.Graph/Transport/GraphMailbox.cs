namespace Bookings.Store.Graph.Transport;

/// <summary>Which mailbox a Graph request is for, from its <c>users/{mailbox}/</c> path segment.</summary>
internal static class GraphMailbox
{
    /// <summary>
    /// The lower-cased, unescaped mailbox of <paramref name="requestUri"/> when its path under
    /// <paramref name="basePath"/> (e.g. <c>/v1.0/</c>) starts with <c>users/{mailbox}</c>; otherwise null
    /// (<c>solutions/…</c>, <c>$batch</c>…).
    /// </summary>
    public static string? Of(Uri? requestUri, string basePath)
    {
        if (requestUri is null || !requestUri.IsAbsoluteUri) return null;
        var path = requestUri.AbsolutePath;
        if (path.StartsWith(basePath, StringComparison.OrdinalIgnoreCase)) path = path[basePath.Length..];
        else path = path.TrimStart('/');
        if (!path.StartsWith("users/", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = path["users/".Length..];
        var end = rest.IndexOf('/');
        var segment = end < 0 ? rest : rest[..end];
        if (segment.Length == 0) return null;
        return Uri.UnescapeDataString(segment).ToLowerInvariant();
    }
}
