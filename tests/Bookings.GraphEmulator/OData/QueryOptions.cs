using System.Globalization;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation.OData;

/// <summary>The OData system query options of one request (concepts/query-parameters.md), parsed and checked.</summary>
internal sealed class QueryOptions
{
    public IReadOnlyList<string>? Select { get; private init; }
    /// <summary>The extended properties asked for with $expand=singleValueExtendedProperties($filter=id eq '…' or …).</summary>
    public IReadOnlyList<ExtendedPropertyId>? ExpandProperties { get; private init; }
    public string? Filter { get; private init; }
    public int? Top { get; private init; }
    public int Skip { get; private init; }
    public IReadOnlyList<(string Path, bool Descending)> OrderBy { get; private init; } = [];
    public IReadOnlyDictionary<string, string> Raw { get; private init; } = new Dictionary<string, string>();

    public static QueryOptions Parse(IReadOnlyDictionary<string, string> query)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) ? v : null;
        int? top = null;
        if (Get("$top") is { } t)
        {
            // user-list-messages.md and calendar-list-calendarview.md: $top from 1 to 1000.
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1000)
                throw new GraphError(400, "ErrorInvalidParameter", $"The value '{t}' of $top is not valid: it must be from 1 to 1000.");
            top = n;
        }
        var skip = 0;
        if (Get("$skip") is { } k && (!int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 0))
            throw new GraphError(400, "BadRequest", $"Invalid value '{k}' for $skip.");
        return new QueryOptions
        {
            Select = Get("$select") is { Length: > 0 } s ? s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null,
            ExpandProperties = Get("$expand") is { Length: > 0 } e ? ParseExpand(e) : null,
            Filter = Get("$filter") is { Length: > 0 } f ? f : null,
            Top = top,
            Skip = skip,
            OrderBy = Get("$orderby") is { Length: > 0 } o ? ParseOrderBy(o) : [],
            Raw = query,
        };
    }

    private static List<(string, bool)> ParseOrderBy(string orderBy) =>
        [.. orderBy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 2 || (words.Length == 2 && words[1].ToLowerInvariant() is not ("asc" or "desc")))
                throw new GraphError(400, "BadRequest", $"Invalid $orderby clause '{part}'.");
            return (words[0], words.Length == 2 && words[1].Equals("desc", StringComparison.OrdinalIgnoreCase));
        })];

    /// <summary>
    /// singlevaluelegacyextendedproperty-get.md: an extended property is read only through
    /// <c>$expand=singleValueExtendedProperties($filter=id eq '…')</c> ("currently the only way"); ids may be joined with or.
    /// </summary>
    private static List<ExtendedPropertyId> ParseExpand(string expand)
    {
        var result = new List<ExtendedPropertyId>();
        foreach (var item in SplitTopLevel(expand))
        {
            var open = item.IndexOf('(', StringComparison.Ordinal);
            var name = (open < 0 ? item : item[..open]).Trim();
            if (!name.Equals("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase))
            {
                if (Schemas.Navigation.Contains(name)) continue; // not emulated: expands to nothing
                throw new GraphError(400, "BadRequest", "Parsing OData Select and Expand failed: Could not find a property named '" + name + "'.");
            }
            if (open < 0 || !item.EndsWith(')'))
                throw new GraphError(400, "ErrorInvalidUrlQueryFilter", "Expand singleValueExtendedProperties with $filter=id eq '…'.");
            var options = item[(open + 1)..^1].Trim();
            if (!options.StartsWith("$filter=", StringComparison.OrdinalIgnoreCase))
                throw new GraphError(400, "ErrorInvalidUrlQueryFilter", "Expand singleValueExtendedProperties with $filter=id eq '…'.");
            foreach (var id in IdsOf(FilterParser.Parse(options["$filter=".Length..])))
                result.Add(ExtendedPropertyId.Parse(id) ?? throw new GraphError(400, "ErrorInvalidProperty", $"The extended property id '{id}' is not in a supported format."));
        }
        return result;
    }

    private static IEnumerable<string> IdsOf(Node node) => node switch
    {
        OrNode o => o.Items.SelectMany(IdsOf),
        CompareNode { Op: "eq", Left: PathNode { Path: var p }, Right: LiteralNode { Value: string id } } when p.Equals("id", StringComparison.OrdinalIgnoreCase) => [id],
        _ => throw new GraphError(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes."),
    };

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) { parts.Add(text[start..i].Trim()); start = i + 1; }
        }
        parts.Add(text[start..].Trim());
        return parts;
    }

    /// <summary>user-list-messages.md, "Using filter and orderby in the same query": properties in $orderby must appear in
    /// $filter, in the same order, before any others; otherwise 400 InefficientFilter.</summary>
    public void CheckOrderByAgainstFilter()
    {
        if (OrderBy.Count == 0 || Filter is null) return;
        var filtered = new List<string>();
        Collect(FilterParser.Parse(Filter), filtered, []);
        for (var i = 0; i < OrderBy.Count; i++)
            if (i >= filtered.Count || !filtered[i].Equals(OrderBy[i].Path, StringComparison.OrdinalIgnoreCase))
                throw new GraphError(400, "InefficientFilter", "The restriction or sort order is too complex for this operation.");
    }

    private static void Collect(Node node, List<string> into, HashSet<string> variables)
    {
        switch (node)
        {
            case OrNode o: foreach (var i in o.Items) Collect(i, into, variables); break;
            case AndNode a: foreach (var i in a.Items) Collect(i, into, variables); break;
            case NotNode n: Collect(n.Item, into, variables); break;
            case CompareNode c: Collect(c.Left, into, variables); Collect(c.Right, into, variables); break;
            case CallNode call: foreach (var i in call.Args) Collect(i, into, variables); break;
            case LambdaNode l: Add(l.Collection, into); break;
            case PathNode p when !variables.Contains(p.Path.Split('/')[0]): Add(p.Path, into); break;
        }
    }

    private static void Add(string path, List<string> into)
    {
        if (!into.Contains(path, StringComparer.OrdinalIgnoreCase)) into.Add(path);
    }
}
