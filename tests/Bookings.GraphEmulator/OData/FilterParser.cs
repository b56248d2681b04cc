using System.Globalization;
using System.Text;

namespace Bookings.GraphEmulation.OData;

/// <summary>A refusal of a request, carried up to the answer: status, Graph error code and message.</summary>
internal sealed class GraphError(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

internal abstract record Node;
internal sealed record OrNode(IReadOnlyList<Node> Items) : Node;
internal sealed record AndNode(IReadOnlyList<Node> Items) : Node;
internal sealed record NotNode(Node Item) : Node;
internal sealed record CompareNode(string Op, Node Left, Node Right) : Node;
internal sealed record CallNode(string Name, IReadOnlyList<Node> Args) : Node;
internal sealed record LambdaNode(string Collection, string Kind, string Variable, Node Body) : Node;
internal sealed record PathNode(string Path) : Node;
internal sealed record LiteralNode(object? Value, bool Quoted) : Node;
internal sealed record TypeNode(string Name) : Node;

/// <summary>
/// A parser for the $filter subset Graph documents for Outlook resources (concepts/query-parameters.md): comparisons
/// (eq, ne, gt, ge, lt, le), and/or/not, parentheses, startswith/endswith/contains, cast(x, Edm.T), and any/all lambdas.
/// A filter it cannot read is refused as Graph refuses one it cannot parse: 400 BadRequest "Invalid filter clause".
/// </summary>
internal sealed class FilterParser
{
    private static readonly HashSet<string> Comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];
    private readonly List<(string Text, bool Quoted, int At)> _tokens;
    private readonly string _source;
    private int _pos;

    private FilterParser(string source)
    {
        _source = source;
        _tokens = Tokenize(source);
    }

    public static Node Parse(string filter)
    {
        var parser = new FilterParser(filter);
        if (parser._tokens.Count == 0) throw Invalid(filter, 0);
        var node = parser.ParseOr();
        if (parser._pos < parser._tokens.Count) throw Invalid(filter, parser._tokens[parser._pos].At);
        return node;
    }

    private static GraphError Invalid(string filter, int at) =>
        new(400, "BadRequest", $"Invalid filter clause: Syntax error at position {at} in '{filter}'.");

    private (string Text, bool Quoted, int At)? Peek => _pos < _tokens.Count ? _tokens[_pos] : null;

    private bool PeekWord(string word) => Peek is { Quoted: false } t && t.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    private void Expect(string text)
    {
        if (!PeekWord(text)) throw Invalid(_source, Peek?.At ?? _source.Length);
        _pos++;
    }

    private Node ParseOr()
    {
        var items = new List<Node> { ParseAnd() };
        while (PeekWord("or")) { _pos++; items.Add(ParseAnd()); }
        return items.Count == 1 ? items[0] : new OrNode(items);
    }

    private Node ParseAnd()
    {
        var items = new List<Node> { ParseUnary() };
        while (PeekWord("and")) { _pos++; items.Add(ParseUnary()); }
        return items.Count == 1 ? items[0] : new AndNode(items);
    }

    private Node ParseUnary()
    {
        if (PeekWord("not")) { _pos++; return new NotNode(ParseUnary()); }
        Node left;
        if (PeekWord("("))
        {
            _pos++;
            left = ParseOr();
            Expect(")");
        }
        else
        {
            left = ParseAtom();
        }
        if (Peek is { Quoted: false } t && Comparisons.Contains(t.Text.ToLowerInvariant()))
        {
            _pos++;
            var right = PeekWord("(") ? ParseParenthesizedAtom() : ParseAtom();
            return new CompareNode(t.Text.ToLowerInvariant(), left, right);
        }
        return left;
    }

    private Node ParseParenthesizedAtom()
    {
        Expect("(");
        var atom = ParseAtom();
        Expect(")");
        return atom;
    }

    private Node ParseAtom()
    {
        if (Peek is not { } t) throw Invalid(_source, _source.Length);
        _pos++;
        if (t.Quoted) return new LiteralNode(t.Text, Quoted: true);
        var word = t.Text;
        if (word.Equals("true", StringComparison.OrdinalIgnoreCase)) return new LiteralNode(true, false);
        if (word.Equals("false", StringComparison.OrdinalIgnoreCase)) return new LiteralNode(false, false);
        if (word.Equals("null", StringComparison.OrdinalIgnoreCase)) return new LiteralNode(null, false);
        if (char.IsDigit(word[0]) || (word[0] == '-' && word.Length > 1))
        {
            if (DateTimeOffset.TryParse(word, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto) && word.Contains('-', StringComparison.Ordinal) && word.Length >= 10)
                return new LiteralNode(dto, false);
            if (decimal.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return new LiteralNode(number, false);
            if (Guid.TryParse(word, out var guid)) return new LiteralNode(guid, false);
            throw Invalid(_source, t.At);
        }
        if (word.StartsWith("Edm.", StringComparison.OrdinalIgnoreCase)) return new TypeNode(word);
        if (PeekWord("("))
        {
            var slash = word.LastIndexOf('/');
            var tail = slash >= 0 ? word[(slash + 1)..] : "";
            if (tail.Equals("any", StringComparison.OrdinalIgnoreCase) || tail.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                _pos++;
                if (Peek is not { Quoted: false } v) throw Invalid(_source, t.At);
                _pos++;
                Expect(":");
                var body = ParseOr();
                Expect(")");
                return new LambdaNode(word[..slash], tail.ToLowerInvariant(), v.Text, body);
            }
            _pos++;
            var args = new List<Node>();
            if (!PeekWord(")"))
            {
                args.Add(ParseOr());
                while (PeekWord(",")) { _pos++; args.Add(ParseOr()); }
            }
            Expect(")");
            return new CallNode(word.ToLowerInvariant(), args);
        }
        return new PathNode(word);
    }

    private static List<(string, bool, int)> Tokenize(string s)
    {
        var tokens = new List<(string, bool, int)>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or ',' or ':') { tokens.Add((c.ToString(), false, i)); i++; continue; }
            if (c == '\'')
            {
                var start = i++;
                var text = new StringBuilder();
                var closed = false;
                while (i < s.Length)
                {
                    if (s[i] == '\'')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '\'') { text.Append('\''); i += 2; continue; }
                        i++;
                        closed = true;
                        break;
                    }
                    text.Append(s[i++]);
                }
                if (!closed) throw Invalid(s, start);
                tokens.Add((text.ToString(), true, start));
                continue;
            }
            var begin = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not '(' and not ')' and not ',' and not '\'' && !(s[i] == ':' && !IsTimeColon(s, begin, i)))
                i++;
            if (i == begin) throw Invalid(s, i);
            tokens.Add((s[begin..i], false, begin));
        }
        return tokens;
    }

    // A colon inside a date-time literal (2024-01-01T09:00:00Z) belongs to the literal; one after a lambda variable does not.
    private static bool IsTimeColon(string s, int begin, int at) => char.IsDigit(s[begin]) && at > begin && char.IsDigit(s[at - 1]);
}
