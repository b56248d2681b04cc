using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Worker;
using Bookings.Worker.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Bookings.Web.Tests.Worker;

/// <summary>
/// A real SMTP server for the tests: Debian's aiosmtpd (python3-aiosmtpd, under /usr/bin/python3) on a free
/// loopback port. It saves each message it accepts as NNNN.eml with NNNN.json beside it (envelope sender,
/// recipients, the user name that authenticated), refuses RCPT TO for addresses starting with "refused", and
/// accepts AUTH (PLAIN/LOGIN, without TLS) for <see cref="UserName"/>/<see cref="Password"/> only.
/// </summary>
public sealed class AiosmtpdServer : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public const string UserName = "mailer";
    public const string Password = "s3cret pass";

    private const string Script = """
        import json, os, sys, threading
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        port, out, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

        class Handler:
            count = 0

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.lower().startswith("refused"):
                    return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                Handler.count += 1
                name = os.path.join(out, "%04d" % Handler.count)
                with open(name + ".json", "w") as f:
                    login = session.auth_data.login.decode() if session.authenticated and session.auth_data else None
                    json.dump({"mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos, "login": login}, f)
                with open(name + ".tmp", "wb") as f:
                    f.write(envelope.original_content)
                os.replace(name + ".tmp", name + ".eml")
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            # handled=False: the server answers 535 itself on failure; auth_data lands in session.auth_data.
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        controller = Controller(Handler(), hostname="127.0.0.1", port=port,
                                authenticator=authenticator, auth_require_tls=False)
        controller.start()
        print("ready", flush=True)
        threading.Event().wait()
        """;

    private readonly Process _process;

    public AiosmtpdServer()
    {
        RequireAiosmtpd();
        Directory = Path.Combine(Path.GetTempPath(), "bookings-smtp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var script = Path.Combine(Directory, "server.py");
        File.WriteAllText(script, Script);
        Port = FreePort();

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Directory, UserName, Password })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + Python + ".");
        var errors = new System.Text.StringBuilder();
        _process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        // Ready when the port takes connections (at most 15 s).
        var watch = Stopwatch.StartNew();
        while (!Accepts(Port))
        {
            if (_process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(15))
            {
                Dispose();
                lock (errors) throw new InvalidOperationException($"aiosmtpd did not start on port {Port}: {errors}");
            }
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    /// <summary>Where the messages are saved (and the server script lives).</summary>
    public string Directory { get; }

    /// <summary>The saved messages, oldest first, each with its envelope.</summary>
    public IReadOnlyList<(MimeMessage Message, string Raw, JsonElement Envelope)> Received() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal).Select(path =>
        {
            var raw = File.ReadAllText(path);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(path, ".json")));
            return (MimeMessage.Load(path), raw, json.RootElement.Clone());
        })];

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
            _process?.Dispose();
        }
        finally
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>Fails (never skips) when the SMTP server cannot run here, saying how to install it.</summary>
    private static void RequireAiosmtpd()
    {
        var missing = "The SMTP tests need Debian's aiosmtpd under " + Python + ": apt-get install python3-aiosmtpd (test.sh installs it).";
        if (!File.Exists(Python)) Assert.Fail(missing);
        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        check.WaitForExit(30_000);
        if (!check.HasExited || check.ExitCode != 0) Assert.Fail(missing);
    }

    /// <summary>A loopback port nothing listens on (just now).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

public sealed class SmtpEmailSenderTests : IDisposable
{
    private static readonly DateTimeOffset QueuedAt = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private const string Ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    private const string From = "bookings@example.com";
    private const string Key = "apt-1:a-1:booking.customer:0";

    // The calendar's mailbox: the SMTP sender ignores it and sends from Mail:From.
    private const string Mailbox = "contoso@contoso.example";

    private readonly AiosmtpdServer _server = new();

    public void Dispose() => _server.Dispose();

    private SmtpEmailSender Sender(Action<SmtpOptions>? configure = null)
    {
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = _server.Port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(smtp);
        Assert.Empty(smtp.Problems());
        return new SmtpEmailSender(Options.Create(new MailOptions { From = From, Channel = MailOptions.SmtpChannel }), Options.Create(smtp));
    }

    private static EmailMessage Email(string to = "jan@example.com", string toName = "Jan Kowalski", string subject = "Booking confirmed: Consultation",
        string senderName = "Contoso Consulting") =>
        new(new EmailContact(to, toName), senderName, new EmailContact("hello@contoso.example", "Contoso Consulting"),
            subject, "Hello Jan,\n\nSee you.\n", "<p>Hello Jan,</p>",
            [new EmailAttachment("invite.ics", "text/calendar; method=REQUEST; charset=utf-8", Ics)]);

    [Fact]
    public async Task AConfirmationArrivesWithItsHeadersAndTheInvitation()
    {
        await Sender().SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None);

        var (message, _, envelope) = Assert.Single(_server.Received());
        Assert.Equal(From, envelope.GetProperty("mailFrom").GetString());
        Assert.Equal(["jan@example.com"], envelope.GetProperty("rcptTos").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, envelope.GetProperty("login").ValueKind); // no user name: no AUTH
        Assert.Equal("\"Contoso Consulting\" <bookings@example.com>", message.From.ToString());
        Assert.Equal("\"Contoso Consulting\" <hello@contoso.example>", message.ReplyTo.ToString());
        Assert.Equal("\"Jan Kowalski\" <jan@example.com>", message.To.ToString());
        Assert.Equal("Booking confirmed: Consultation", message.Subject);
        Assert.Equal(QueuedAt, message.Date);
        Assert.Equal(MimeMessages.MessageId(Key, From), message.MessageId);
        Assert.Equal("Hello Jan,\n\nSee you.\n", message.TextBody!.ReplaceLineEndings("\n"));
        Assert.Equal("<p>Hello Jan,</p>", message.HtmlBody);

        var invite = Assert.IsType<TextPart>(Assert.Single(message.Attachments));
        Assert.Equal("invite.ics", invite.FileName);
        Assert.True(invite.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", invite.ContentType.Parameters["method"]);
        Assert.Equal(Ics, invite.Text.ReplaceLineEndings("\r\n"));
    }

    [Fact]
    public async Task SendingTheSameKeyTwiceGivesTheSameMessageId()
    {
        var sender = Sender();
        await sender.SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None);
        await sender.SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None);
        await sender.SendAsync(Email(), Mailbox, "apt-1:a-1:booking.customer:1", QueuedAt, CancellationToken.None);

        var received = _server.Received();
        Assert.Equal(3, received.Count);
        Assert.Equal(MimeMessages.MessageId(Key, From), received[0].Message.MessageId);
        Assert.Equal(received[0].Message.MessageId, received[1].Message.MessageId);
        Assert.NotEqual(received[0].Message.MessageId, received[2].Message.MessageId);
    }

    [Fact]
    public async Task LineBreaksInTheSubjectOrANameNeverAddAHeader()
    {
        var email = Email(toName: "Jan\r\nBcc: evil2@example.com", subject: "Hello\r\nBcc: evil@example.com",
            senderName: "Contoso\nBcc: evil3@example.com");

        await Sender().SendAsync(email, Mailbox, Key, QueuedAt, CancellationToken.None);

        var (message, raw, envelope) = Assert.Single(_server.Received());
        Assert.Equal(["jan@example.com"], envelope.GetProperty("rcptTos").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(message.Bcc);
        Assert.DoesNotContain(message.Headers, h => h.Id == HeaderId.Bcc);
        Assert.Single(message.Headers, h => h.Id == HeaderId.Subject);
        Assert.Equal("Hello Bcc: evil@example.com", message.Subject);
        var headerBlock = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotMatch(@"(?im)^bcc:", headerBlock);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(headerBlock, @"(?im)^subject:"));
        Assert.Equal("jan@example.com", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
    }

    [Fact]
    public async Task ARefusedRecipientThrowsPermanentWith550AndNoAddress()
    {
        var error = await Assert.ThrowsAsync<SmtpPermanentException>(() =>
            Sender().SendAsync(Email(to: "refused.jan@example.com"), Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Equal(550, error.StatusCode);
        Assert.Contains("550", error.Message);
        Assert.Contains("permanent", error.Message);
        Assert.Contains("recipient", error.Message);
        Assert.DoesNotContain("@", error.Message);
        Assert.DoesNotContain("jan", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(error.InnerException); // the server's text quotes the address
        Assert.Empty(_server.Received());
    }

    [Fact]
    public async Task AClosedPortThrowsTransient()
    {
        var sender = Sender(o => o.Port = AiosmtpdServer.FreePort());

        var error = await Assert.ThrowsAsync<SmtpTransientException>(() =>
            sender.SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Contains("transient", error.Message);
        Assert.DoesNotContain("@", error.Message);
    }

    [Fact]
    public async Task AServerThatNeverAnswersTimesOutTransient()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (backlog) but never greets
        var sender = Sender(o =>
        {
            o.Port = ((IPEndPoint)silent.LocalEndpoint).Port;
            o.Timeout = TimeSpan.FromSeconds(1);
        });

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SmtpTransientException>(() =>
            sender.SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.Contains("transient", error.Message);
        Assert.Contains("Mail:Smtp:Timeout", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task WithAUserNameTheSenderAuthenticates()
    {
        await Sender(o => { o.UserName = AiosmtpdServer.UserName; o.Password = AiosmtpdServer.Password; })
            .SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None);

        var (_, _, envelope) = Assert.Single(_server.Received());
        Assert.Equal(AiosmtpdServer.UserName, envelope.GetProperty("login").GetString());
    }

    [Fact]
    public async Task AWrongPasswordThrowsPermanentWithoutTheCredentials()
    {
        var error = await Assert.ThrowsAsync<SmtpPermanentException>(() =>
            Sender(o => { o.UserName = AiosmtpdServer.UserName; o.Password = "wrong"; })
                .SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.Contains("Mail:Smtp:UserName", error.Message);
        Assert.DoesNotContain(AiosmtpdServer.UserName, error.Message.Replace("Mail:Smtp:UserName", "", StringComparison.Ordinal));
        Assert.DoesNotContain("wrong", error.Message);
        Assert.Empty(_server.Received());
    }

    [Fact]
    public async Task StartTlsIsRequiredByDefault()
    {
        // This server offers no STARTTLS: the default security refuses to send in the clear.
        var error = await Assert.ThrowsAsync<SmtpPermanentException>(() =>
            Sender(o => o.Security = SmtpSecurity.StartTls).SendAsync(Email(), Mailbox, Key, QueuedAt, CancellationToken.None));

        Assert.Contains("STARTTLS", error.Message);
        Assert.Empty(_server.Received());
    }
}

/// <summary>Mail:Channel=Smtp selects the SMTP sender; Mail:Smtp is checked at start, naming the wrong setting.</summary>
public class SmtpChannelHostingTests
{
    private static IHost Host(params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            new[] { ("Workers:Enabled", "false") }.Concat(settings).Select(s => KeyValuePair.Create(s.Item1, (string?)s.Item2)));
        builder.Services.AddSingleton<IBookingStore>(new InMemoryOutboxStore());
        builder.Services.AddBookingsWorkers(builder.Configuration);
        builder.Services.AddKeyRingInMemory();
        return builder.Build();
    }

    [Theory]
    [InlineData("Smtp")]
    [InlineData(" smtp ")]
    public async Task MailChannelSmtpSelectsTheSmtpSender(string channel)
    {
        using var host = Host(("Mail:Channel", channel), ("Mail:Smtp:Host", "smtp.example.com"));

        await host.StartAsync();

        Assert.IsType<SmtpEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        var smtp = host.Services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        Assert.Equal(587, smtp.Port);
        Assert.Equal(SmtpSecurity.StartTls, smtp.Security);
        Assert.Equal(TimeSpan.FromSeconds(30), smtp.Timeout);
        Assert.False(smtp.AllowInsecure);
        Assert.Equal("", smtp.UserName);
        await host.StopAsync();
    }

    [Fact]
    public async Task SmtpSettingsAreNotCheckedForAnotherChannel()
    {
        using var host = Host(("Mail:Channel", "Pickup"), ("Mail:Smtp:Port", "0"));

        await host.StartAsync();

        Assert.IsType<PickupDirectoryEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Mail:Smtp:Host", "", "Mail:Smtp:Host")]
    [InlineData("Mail:Smtp:Host", "smtp://smtp.example.com:25", "Mail:Smtp:Host")]
    [InlineData("Mail:Smtp:Port", "70000", "Mail:Smtp:Port")]
    [InlineData("Mail:Smtp:Security", "None", "Mail:Smtp:Security")]
    [InlineData("Mail:Smtp:Password", "secret", "Mail:Smtp:UserName")]
    [InlineData("Mail:Smtp:Timeout", "00:00:00", "Mail:Smtp:Timeout")]
    public async Task AWrongSmtpSettingFailsTheStartAndNamesIt(string key, string value, string named)
    {
        var settings = new Dictionary<string, string> { ["Mail:Channel"] = "Smtp", ["Mail:Smtp:Host"] = "smtp.example.com", [key] = value };
        using var host = Host([.. settings.Select(s => (s.Key, s.Value))]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public async Task AMissingHostFailsTheStartNamingMailSmtpHost()
    {
        using var host = Host(("Mail:Channel", "Smtp"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Mail:Smtp:Host", error.Message);
    }

    [Fact]
    public async Task SecurityNoneToARemoteHostFailsTheStartNamingMailSmtpSecurity()
    {
        using var host = Host(("Mail:Channel", "Smtp"), ("Mail:Smtp:Host", "smtp.example.com"), ("Mail:Smtp:Security", "None"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Mail:Smtp:Security", error.Message);
        Assert.Contains("Mail:Smtp:AllowInsecure", error.Message);
    }

    [Theory]
    [InlineData("localhost", "false")]
    [InlineData("127.0.0.1", "false")]
    [InlineData("::1", "false")]
    [InlineData("relay.internal.example", "true")]
    public async Task SecurityNoneIsAllowedToLoopbackOrWithAllowInsecure(string host, string allowInsecure)
    {
        using var app = Host(("Mail:Channel", "Smtp"), ("Mail:Smtp:Host", host), ("Mail:Smtp:Security", "None"),
            ("Mail:Smtp:AllowInsecure", allowInsecure));

        await app.StartAsync();

        Assert.IsType<SmtpEmailSender>(app.Services.GetRequiredService<IEmailSender>());
        await app.StopAsync();
    }

    [Theory]
    [InlineData("Smtp", "Sqlite", "Smtp")]
    [InlineData("SMTP", "Graph", "Smtp")]
    [InlineData("Smtp, Pickup", null, null)]
    public void ResolveChannelKnowsSmtp(string channel, string? provider, string? expected) =>
        Assert.Equal(expected, MailOptions.ResolveChannel(channel, provider));
}
