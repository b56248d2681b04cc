using System.Text;

namespace Bookings.Core.Reports;

/// <summary>
/// TSV and CSV cells that are safe to open in a spreadsheet and never break a row or a column (the bookings report's rules, shared
/// with every other export): a value starting with =, +, -, @, TAB or CR gets a leading apostrophe (OWASP's CSV injection advice);
/// TSV turns tabs, CR and LF into a space; CSV quotes per RFC 4180 and also turns CR and LF into a space, so a row is one line.
/// CSV starts with a UTF-8 byte order mark and ends lines with CRLF; TSV has no BOM and ends lines with LF.
/// </summary>
public static class DelimitedText
{
    /// <summary>OWASP: a cell starting with =, +, -, @, TAB or CR is a formula to a spreadsheet; a leading apostrophe makes it text.</summary>
    public static string Neutralise(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    public static string Tsv(string? value) => Flatten(Neutralise(value), tabs: true);

    public static string Csv(string? value)
    {
        var v = Flatten(Neutralise(value), tabs: false);
        return v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    public static string Cell(string? value, ReportFormat format) => format == ReportFormat.Csv ? Csv(value) : Tsv(value);

    /// <summary>Writes the byte order mark a CSV starts with (nothing for TSV).</summary>
    public static void Start(TextWriter writer, ReportFormat format)
    {
        if (format == ReportFormat.Csv) writer.Write('\uFEFF');
    }

    /// <summary>One row: the cells, the separator between them, and the format's line end.</summary>
    public static void WriteRow(TextWriter writer, IReadOnlyList<string?> values, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) writer.Write(format == ReportFormat.Csv ? ',' : '\t');
            writer.Write(Cell(values[i], format));
        }
        writer.Write(format == ReportFormat.Csv ? "\r\n" : "\n");
    }

    /// <summary>A whole table (header first) as text, CSV with its BOM character first.</summary>
    public static string ToText(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, ReportFormat format)
    {
        using var w = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Start(w, format);
        WriteRow(w, header, format);
        foreach (var row in rows) WriteRow(w, row, format);
        return w.ToString();
    }

    /// <summary>CRLF, CR and LF (and, for TSV, TAB) become one space each.</summary>
    private static string Flatten(string value, bool tabs)
    {
        if (value.AsSpan().IndexOfAny(tabs ? "\t\r\n" : "\r\n") < 0) return value;
        var b = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') i++;
            b.Append(c is '\r' or '\n' || (tabs && c == '\t') ? ' ' : c);
        }
        return b.ToString();
    }
}
