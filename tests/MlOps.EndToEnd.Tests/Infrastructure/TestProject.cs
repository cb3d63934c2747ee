namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>A test project beside a model project, referencing it and MlOps.Testing, as a team would set it up.</summary>
public sealed class TestProject
{
    /// <summary>
    /// The test framework packages per front end of the generated checks (versions this machine's source serves).
    /// xUnit v3 through VSTest's `dotnet test` needs its mtp-off package: xunit.v3 4.x runs on Microsoft.Testing.Platform.
    /// </summary>
    private static readonly Dictionary<string, string[]> Frameworks = new()
    {
        ["MSTest"] = ["MSTest|4.5.2"],
        ["xUnit"] = ["xunit.v3.mtp-off|4.0.2", "xunit.runner.visualstudio|4.0.1", "Microsoft.NET.Test.Sdk|18.11.0"],
        ["NUnit"] = ["NUnit|4.4.0", "NUnit3TestAdapter|6.3.1", "Microsoft.NET.Test.Sdk|18.11.0"],
    };

    private TestProject(string directory) => Directory = directory;

    public string Directory { get; }

    public static TestProject For(ModelProject model, string? extraCode = null, string framework = "MSTest")
    {
        var directory = model.Directory + (framework == "MSTest" ? ".Tests" : $".{framework}.Tests");
        System.IO.Directory.CreateDirectory(directory);
        // The SDK feed plus the machine's own sources, which serve the test frameworks and ML.NET.
        SdkFeed.WriteNuGetConfig(directory);
        var packages = string.Concat(Frameworks[framework].Select(p => p.Split('|')).Select(p =>
            $"""
                <PackageReference Include="{p[0]}" Version="{p[1]}" />

            """));
        File.WriteAllText(Path.Combine(directory, "Model.Tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
            {packages}    <PackageReference Include="MlOps.Testing" Version="{SdkFeed.Version}" />
                <ProjectReference Include="../{Path.GetFileName(model.Directory)}/Model.csproj" />
              </ItemGroup>
            </Project>
            """);
        if (extraCode is not null) File.WriteAllText(Path.Combine(directory, "HandWrittenTests.cs"), extraCode);
        return new TestProject(directory);
    }

    public CommandResult Test(params string[] arguments) =>
        DotNet.Run(Directory, ["test", "-nodeReuse:false", "-tl:off", "--logger", "console;verbosity=normal", .. arguments]);

    /// <summary>`dotnet test` with a TRX logger into a fresh results folder, and the results it wrote.</summary>
    public (CommandResult Result, TrxResults Trx) TestWithTrx(params string[] arguments)
    {
        var results = TempFolders.New("results");
        var result = Test(["--logger", "trx", "--results-directory", results, .. arguments]);
        return (result, TrxResults.Read(results));
    }
}
