using System.Net;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Mail;

/// <summary>How the connection to the SMTP server is secured (Mail:Smtp:Security).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS; the send fails when the server does not offer it (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    SslOnConnect,

    /// <summary>No encryption: only to a loopback host, unless Mail:Smtp:AllowInsecure is true.</summary>
    None,
}

/// <summary>Settings under "Mail:Smtp": the server of Mail:Channel=Smtp. Checked at start only when that channel is chosen.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Mail:Smtp";

    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The server's host name or IP address (no scheme, no port). Required for Mail:Channel=Smtp.</summary>
    public string Host { get; set; } = "";

    /// <summary>The server's port: 587 (submission with STARTTLS) unless set; 465 is the usual port for SslOnConnect.</summary>
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name to authenticate with; empty: no authentication.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The password for <see cref="UserName"/> (keep it in a secret store, not in appsettings).</summary>
    public string Password { get; set; } = "";

    /// <summary>How long the connection and each command may take before the send fails (transient).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Allows <see cref="SmtpSecurity.None"/> to a host that is not loopback (a trusted relay on a private network).</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>A host name or an IP address, with nothing else (no scheme, port, path or spaces).</summary>
    public static bool IsValidHost(string? host) =>
        !string.IsNullOrWhiteSpace(host) && host.Trim() is var h && h.Length <= 253 && Uri.CheckHostName(h) != UriHostNameType.Unknown;

    /// <summary>localhost (or a name under .localhost), 127.0.0.0/8 or ::1: traffic that never leaves the machine.</summary>
    public static bool IsLoopback(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return false;
        var h = host.Trim().TrimEnd('.');
        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || h.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(h.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Every problem with these settings, each naming its setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
            problems.Add("Mail:Smtp:Host is required when Mail:Channel=Smtp (the SMTP server's host name).");
        else if (!IsValidHost(Host))
            problems.Add("Mail:Smtp:Host must be a host name or an IP address, without scheme, port or path.");
        if (Port is < 1 or > 65535)
            problems.Add("Mail:Smtp:Port must be between 1 and 65535.");
        if (!Enum.IsDefined(Security))
            problems.Add("Mail:Smtp:Security must be StartTls, SslOnConnect or None.");
        else if (Security == SmtpSecurity.None && !AllowInsecure && IsValidHost(Host) && !IsLoopback(Host))
            problems.Add("Mail:Smtp:Security=None sends mail (and any password) unencrypted: it is allowed only to a loopback host "
                + "(localhost, 127.0.0.1, ::1) unless Mail:Smtp:AllowInsecure is true.");
        if (string.IsNullOrEmpty(UserName) && !string.IsNullOrEmpty(Password))
            problems.Add("Mail:Smtp:Password is set but Mail:Smtp:UserName is empty.");
        if (Timeout < MinTimeout || Timeout > MaxTimeout)
            problems.Add("Mail:Smtp:Timeout must be between 00:00:01 and 00:10:00.");
        return problems;
    }
}

/// <summary>Checks Mail:Smtp at start, but only when Mail:Channel selects SMTP (other channels never read it).</summary>
public sealed class SmtpOptionsValidator(Func<bool> smtpSelected) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!smtpSelected()) return ValidateOptionsResult.Skip;
        var problems = options.Problems();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }
}
