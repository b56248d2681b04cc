#:property ManagePackageVersionsCentrally=false
#:package Microsoft.CodeAnalysis.CSharp@5.12.0
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

// The size limits of docs/architecture.md over src/: files over 400 lines, methods over 80 lines, interfaces with more than
// 12 members (each listed, then the counts). Run from the repository: dotnet run tools/metrics.cs -- .
// Its own package versions (not the central ones: the Roslyn it needs is not a dependency of the product).
var root = args.Length > 0 ? args[0] : ".";
var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
    .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).ToList();
int bigFiles = 0, bigMethods = 0, bigInterfaces = 0;
foreach (var f in files)
{
    var text = File.ReadAllText(f);
    var lines = text.Split('\n').Length;
    var rel = Path.GetRelativePath(root, f);
    if (lines > 400) { bigFiles++; Console.WriteLine($"file {lines} {rel}"); }
    var tree = CSharpSyntaxTree.ParseText(text);
    foreach (var m in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
    {
        var span = tree.GetLineSpan(m.Span);
        var n = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
        if (n > 80) { bigMethods++; Console.WriteLine($"method {n} {rel}:{span.StartLinePosition.Line + 1} {(m as MethodDeclarationSyntax)?.Identifier.Text ?? m.Kind().ToString()}"); }
    }
    foreach (var l in tree.GetRoot().DescendantNodes().OfType<LocalFunctionStatementSyntax>())
    {
        var span = tree.GetLineSpan(l.Span);
        var n = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
        if (n > 80) { bigMethods++; Console.WriteLine($"method {n} {rel}:{span.StartLinePosition.Line + 1} {l.Identifier.Text} (local)"); }
    }
    foreach (var i in tree.GetRoot().DescendantNodes().OfType<InterfaceDeclarationSyntax>())
    {
        var members = i.Members.Count;
        if (members > 12) { bigInterfaces++; Console.WriteLine($"interface {members} {rel} {i.Identifier.Text}"); }
    }
}
Console.WriteLine($"files>400: {bigFiles}; methods>80: {bigMethods}; interfaces>12: {bigInterfaces}");
