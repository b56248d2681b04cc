using System.Reflection;

namespace Bookings.Web.Tests.Seams;

/// <summary>
/// Only Bookings.Hosting names a store project's types: Web, the CLI and the Worker take Core's ports. The compiler writes an assembly
/// reference only for an assembly whose types the code uses, so a host assembly whose references hold neither store assembly names no
/// type of theirs; the members of its types are read as well, so that the failure says which type leaks.
/// </summary>
public class StoreSeamTests
{
    private static readonly string[] StoreAssemblies = ["Bookings.Store.Sqlite", "Bookings.Store.Graph"];

    public static TheoryData<string> Hosts => new() { "Bookings.Web", "Bookings.Cli", "Bookings.Worker" };

    private static Assembly Load(string name) => name switch
    {
        "Bookings.Web" => typeof(Bookings.Web.Admin.AdminAuth).Assembly,
        "Bookings.Cli" => typeof(Bookings.Cli.CliHost).Assembly,
        _ => typeof(Bookings.Worker.WorkerHosting).Assembly,
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void AHostAssemblyReferencesNoStoreAssembly(string host)
    {
        var references = Load(host).GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Bookings.Core", references); // the check reads our own references
        Assert.DoesNotContain(references, r => StoreAssemblies.Contains(r));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void NoTypeOfAHostNamesAStoreTypeInItsBaseFieldsPropertiesOrMethods(string host)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var leaks = new List<string>();
        foreach (var type in Load(host).GetTypes())
        {
            var named = new List<Type?> { type.BaseType };
            named.AddRange(type.GetInterfaces());
            named.AddRange(type.GetFields(All).Select(f => f.FieldType));
            named.AddRange(type.GetProperties(All).Select(p => p.PropertyType));
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                if (method is MethodInfo m) named.Add(m.ReturnType);
                named.AddRange(method.GetParameters().Select(p => p.ParameterType));
                named.AddRange(method.GetMethodBody()?.LocalVariables.Select(v => v.LocalType) ?? []);
            }
            leaks.AddRange(named.SelectMany(Flatten).Where(IsStoreType).Select(t => $"{type.FullName} names {t.FullName}"));
        }
        Assert.Empty(leaks.Distinct());
    }

    private static IEnumerable<Type> Flatten(Type? type)
    {
        if (type is null) yield break;
        yield return type;
        if (type.HasElementType)
            foreach (var t in Flatten(type.GetElementType())) yield return t;
        if (type.IsGenericType)
            foreach (var t in type.GetGenericArguments().SelectMany(Flatten)) yield return t;
    }

    private static bool IsStoreType(Type type) => StoreAssemblies.Contains(type.Assembly.GetName().Name);
}
