using System.Security;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>An MSTest project beside a model project, referencing it and MlOps.Testing, as a team would set it up.</summary>
public sealed class TestProject
{
    private TestProject(string directory) => Directory = directory;

    public string Directory { get; }

    public static TestProject For(ModelProject model, string? extraCode = null)
    {
        var directory = model.Directory + ".Tests";
        System.IO.Directory.CreateDirectory(directory);
        // The SDK feed plus the machine's own sources, which serve MSTest and ML.NET.
        SdkFeed.WriteNuGetConfig(directory);
        File.WriteAllText(Path.Combine(directory, "Model.Tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MSTest" Version="4.5.2" />
                <PackageReference Include="MlOps.Testing" Version="{SdkFeed.Version}" />
                <ProjectReference Include="../{Path.GetFileName(model.Directory)}/Model.csproj" />
              </ItemGroup>
            </Project>
            """);
        if (extraCode is not null) File.WriteAllText(Path.Combine(directory, "HandWrittenTests.cs"), extraCode);
        return new TestProject(directory);
    }

    public CommandResult Test(params string[] arguments) =>
        DotNet.Run(Directory, ["test", "-nodeReuse:false", "-tl:off", "--logger", "console;verbosity=normal", .. arguments]);
}
