using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation.OData;

/// <summary>What a resource's $filter may use.</summary>
/// <param name="TypeName">The OData type name for errors (event, message, contact…).</param>
/// <param name="Properties">The properties of the type (Schemas).</param>
/// <param name="StringExtendedProperties">Whether string-typed extended properties may be filtered (documented for message
/// and event only: singlevaluelegacyextendedproperty-get.md).</param>
/// <param name="MaxExtendedPropertyClauses">Lambdas over singleValueExtendedProperties before ErrorRestrictionTooComplex.</param>
internal sealed record FilterRules(string TypeName, IReadOnlySet<string> Properties, bool StringExtendedProperties, int MaxExtendedPropertyClauses);

/// <summary>A compiled $filter: tells whether an item (its stored extended properties and its rendered JSON in UTC) matches.</summary>
internal delegate bool ItemPredicate(IReadOnlyDictionary<string, ExtendedProperty> properties, JsonObject rendered);

internal static class FilterCompiler
{
    private static readonly GraphError InvalidNodes =
        new(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");

    public static ItemPredicate Compile(string filter, FilterRules rules)
    {
        var node = FilterParser.Parse(filter);
        // davmail#501/#509: Exchange answers ErrorRestrictionTooComplex to filters it will not run; the size at which it
        // does is not documented (GraphEmulatorOptions.MaxExtendedPropertyClauses).
        if (CountExtendedPropertyLambdas(node) > rules.MaxExtendedPropertyClauses)
            throw new GraphError(400, "ErrorRestrictionTooComplex", "The restriction or sort order is too complex for this operation.");
        var compiled = CompileNode(node, rules, variables: []);
        return (props, rendered) => compiled(new Scope(props, rendered, []));
    }

    private sealed record Scope(IReadOnlyDictionary<string, ExtendedProperty> Props, JsonObject Rendered, Dictionary<string, JsonNode?> Variables);

    private static int CountExtendedPropertyLambdas(Node node) => node switch
    {
        OrNode o => o.Items.Sum(CountExtendedPropertyLambdas),
        AndNode a => a.Items.Sum(CountExtendedPropertyLambdas),
        NotNode n => CountExtendedPropertyLambdas(n.Item),
        LambdaNode l => (IsExtendedProperties(l.Collection) ? 1 : 0) + CountExtendedPropertyLambdas(l.Body),
        _ => 0,
    };

    private static bool IsExtendedProperties(string path) => path.Equals("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase);

    private static Func<Scope, bool> CompileNode(Node node, FilterRules rules, HashSet<string> variables)
    {
        switch (node)
        {
            case OrNode o:
                {
                    var parts = o.Items.Select(i => CompileNode(i, rules, variables)).ToArray();
                    return s => parts.Any(p => p(s));
                }
            case AndNode a:
                {
                    var parts = a.Items.Select(i => CompileNode(i, rules, variables)).ToArray();
                    return s => parts.All(p => p(s));
                }
            case NotNode n:
                {
                    var inner = CompileNode(n.Item, rules, variables);
                    return s => !inner(s);
                }
            case LambdaNode l when IsExtendedProperties(l.Collection):
                return CompileExtendedPropertyLambda(l, rules);
            case LambdaNode l:
                return CompileCollectionLambda(l, rules, variables);
            case CompareNode c:
                {
                    var left = CompileOperand(c.Left, rules, variables);
                    var right = CompileOperand(c.Right, rules, variables);
                    return s => Compare(c.Op, left(s), right(s));
                }
            case CallNode { Name: "startswith" or "endswith" or "contains", Args.Count: 2 } call:
                {
                    var subject = CompileOperand(call.Args[0], rules, variables);
                    var text = CompileOperand(call.Args[1], rules, variables);
                    return s => subject(s) is string a && text(s) is string b && StringTest(call.Name, a, b);
                }
            case PathNode p:
                {
                    var value = CompileOperand(p, rules, variables);
                    return s => value(s) is true;
                }
            default:
                throw InvalidNodes;
        }
    }

    private static bool StringTest(string function, string value, string argument) => function switch
    {
        "startswith" => value.StartsWith(argument, StringComparison.OrdinalIgnoreCase),
        "endswith" => value.EndsWith(argument, StringComparison.OrdinalIgnoreCase),
        _ => value.Contains(argument, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>
    /// singlevaluelegacyextendedproperty-get.md: <c>ep/id eq '…' and ep/value eq '…'</c>; for string-typed properties the
    /// value takes eq, ne, startswith or contains; numeric ones need <c>cast(ep/value, Edm.T)</c> and take eq, ne, ge, gt,
    /// le, lt. Value comparison is case-insensitive, the Name in the id case-sensitive. Any other shape is refused.
    /// </summary>
    private static Func<Scope, bool> CompileExtendedPropertyLambda(LambdaNode l, FilterRules rules)
    {
        if (l.Kind != "any" || l.Body is not AndNode { Items.Count: 2 } and) throw InvalidNodes;
        var v = l.Variable;
        var idClause = and.Items.FirstOrDefault(i => i is CompareNode { Op: "eq", Left: PathNode p } && IsMember(p.Path, v, "id"));
        var valueClause = and.Items.FirstOrDefault(i => !ReferenceEquals(i, idClause));
        if (idClause is not CompareNode { Right: LiteralNode { Value: string idText } } || valueClause is null) throw InvalidNodes;
        var id = ExtendedPropertyId.Parse(idText)
            ?? throw new GraphError(400, "ErrorInvalidProperty", $"The extended property id '{idText}' is not in a supported format.");

        Func<string, bool> test;
        switch (valueClause)
        {
            case CompareNode { Left: PathNode p, Right: LiteralNode { Value: string literal } } c when IsMember(p.Path, v, "value"):
                if (!id.IsString)
                    throw new GraphError(400, "ErrorInvalidUrlQueryFilter", $"Compare a '{id.Type}' extended property with cast(ep/value, Edm.*).");
                if (c.Op is not ("eq" or "ne"))
                    // Only eq, ne, startswith and contains are documented for string values; range operators are refused.
                    throw new GraphError(400, "ErrorInvalidUrlQueryFilter",
                        $"The operator '{c.Op}' is not supported for string-typed extended property values.");
                test = c.Op == "eq"
                    ? value => string.Equals(value, literal, StringComparison.OrdinalIgnoreCase)
                    : value => !string.Equals(value, literal, StringComparison.OrdinalIgnoreCase);
                break;
            case CallNode { Name: "startswith" or "contains", Args: [PathNode p, LiteralNode { Value: string literal }] } call when IsMember(p.Path, v, "value"):
                if (!id.IsString) throw InvalidNodes;
                test = value => StringTest(call.Name, value, literal);
                break;
            case CompareNode { Left: CallNode { Name: "cast", Args: [PathNode p, TypeNode type] }, Right: LiteralNode literal } c when IsMember(p.Path, v, "value"):
                if (id.IsString) throw InvalidNodes;
                test = value => Compare(c.Op, Convert(value, type.Name), literal.Value);
                break;
            default:
                throw InvalidNodes;
        }

        if (id.IsString && !rules.StringExtendedProperties)
            throw new GraphError(400, "ErrorInvalidUrlQueryFilter",
                $"Filtering string-typed extended properties is not supported on microsoft.graph.{rules.TypeName}.");
        return s => s.Props.TryGetValue(id.Key, out var property) && test(property.Value);
    }

    private static object? Convert(string value, string edmType) => edmType.ToLowerInvariant() switch
    {
        "edm.int16" or "edm.int32" or "edm.int64" or "edm.double" or "edm.single" or "edm.decimal" =>
            decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        "edm.boolean" => bool.TryParse(value, out var b) ? b : null,
        "edm.guid" => Guid.TryParse(value, out var g) ? g : null,
        "edm.datetimeoffset" => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null,
        _ => throw InvalidNodes,
    };

    private static bool IsMember(string path, string variable, string member)
    {
        var parts = path.Split('/');
        return parts.Length == 2 && parts[0] == variable && parts[1].Equals(member, StringComparison.OrdinalIgnoreCase);
    }

    private static Func<Scope, bool> CompileCollectionLambda(LambdaNode l, FilterRules rules, HashSet<string> variables)
    {
        var collection = l.Collection.Split('/')[0];
        if (!rules.Properties.Contains(collection)) throw Schemas.UnknownProperty(collection, rules.TypeName);
        // user-list-contacts.md: on emailAddresses only any(a: a/address eq '…') is supported.
        if (collection.Equals("emailAddresses", StringComparison.OrdinalIgnoreCase)
            && (l.Kind != "any" || l.Body is not CompareNode { Op: "eq", Left: PathNode p, Right: LiteralNode { Value: string } } || !IsMember(p.Path, l.Variable, "address")))
            throw InvalidNodes;
        var inner = CompileNode(l.Body, rules, [.. variables, l.Variable]);
        var path = l.Collection.Split('/');
        return s =>
        {
            if (Navigate(s.Rendered, path) is not JsonArray items) return l.Kind == "all";
            bool Test(JsonNode? item)
            {
                s.Variables[l.Variable] = item;
                try { return inner(s); }
                finally { s.Variables.Remove(l.Variable); }
            }
            return l.Kind == "any" ? items.Any(Test) : items.All(Test);
        };
    }

    private static Func<Scope, object?> CompileOperand(Node node, FilterRules rules, HashSet<string> variables)
    {
        switch (node)
        {
            case LiteralNode literal:
                return _ => literal.Value;
            case PathNode p:
                {
                    var parts = p.Path.Split('/');
                    if (variables.Contains(parts[0]))
                        return s => ToValue(Navigate(s.Variables.GetValueOrDefault(parts[0]), parts[1..]));
                    if (!rules.Properties.Contains(parts[0])) throw Schemas.UnknownProperty(parts[0], rules.TypeName);
                    return s => ToValue(Navigate(s.Rendered, parts));
                }
            default:
                throw InvalidNodes;
        }
    }

    private static JsonNode? Navigate(JsonNode? node, IEnumerable<string> parts)
    {
        foreach (var part in parts)
        {
            if (node is not JsonObject o) return null;
            node = o.FirstOrDefault(kv => kv.Key.Equals(part, StringComparison.OrdinalIgnoreCase)).Value;
        }
        return node;
    }

    private static object? ToValue(JsonNode? node)
    {
        if (node is not JsonValue value) return node;
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.GetValue<decimal>(),
            _ => null,
        };
    }

    private static bool Compare(string op, object? left, object? right)
    {
        if (left is null || right is null)
            return op switch { "eq" => left is null && right is null, "ne" => !(left is null && right is null), _ => false };
        int order;
        if (AsInstant(left, right is DateTimeOffset) is { } l && AsInstant(right, left is DateTimeOffset) is { } r) order = l.CompareTo(r);
        else if (left is decimal ld && right is decimal rd) order = ld.CompareTo(rd);
        else if (left is bool lb && right is bool rb) order = lb == rb ? 0 : 1;
        else if (left is Guid lg && right is Guid rg) order = lg == rg ? 0 : 1;
        else if (left is string ls && right is string rs) order = string.Compare(ls, rs, StringComparison.OrdinalIgnoreCase);
        else return op == "ne";
        return op switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => order > 0,
            "ge" => order >= 0,
            "lt" => order < 0,
            _ => order <= 0,
        };
    }

    // A date-time literal compares with a stored date-time string as instants (times without offset are UTC).
    private static DateTimeOffset? AsInstant(object value, bool otherIsInstant) => value switch
    {
        DateTimeOffset d => d,
        string s when s.Length >= 10 && s[4] == '-' && s[7] == '-' && (otherIsInstant || s.Contains('T', StringComparison.Ordinal))
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => null,
    };
}
