using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MlOps.Engine.Tests;

/// <summary>
/// Compiles generated source in memory as the model project would: warnings are errors, nullable on, no implicit
/// usings, model.zip embedded under the resource name the code loads. References are the test host's own
/// assemblies (the framework and ML.NET), so the loaded assembly binds to the ML.NET the test trained with.
/// </summary>
internal static class ApiCompiler
{
    public static Assembly Compile(string source, string modelZip, string resourceName)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Api" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), "MlOps.Api.g.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));
        using var image = new MemoryStream();
        var bytes = File.ReadAllBytes(modelZip);
        var result = compilation.Emit(image, manifestResources: [new ResourceDescription(resourceName, () => new MemoryStream(bytes), isPublic: true)]);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
            Assert.Fail("The generated API does not compile cleanly:\n" + string.Join("\n", problems) + "\n\n" + Numbered(source));
        return Assembly.Load(image.ToArray());
    }

    private static string Numbered(string source) =>
        string.Join("\n", source.Split('\n').Select((line, i) => $"{i + 1,4}: {line}"));
}
