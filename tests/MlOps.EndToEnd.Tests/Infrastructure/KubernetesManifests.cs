using System.Reflection;
using k8s;
using k8s.Models;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Reads Kubernetes manifests into the Kubernetes object model (KubernetesClient) strictly, as the API server's
/// strict field validation would: a field the object does not have (a misspelt name, a field at the wrong level),
/// a value of the wrong type, or another kind or apiVersion than expected fails with the offending name.
/// </summary>
public static class KubernetesManifests
{
    public static T LoadFile<T>(string file) where T : IKubernetesObject => Load<T>(File.ReadAllText(file));

    public static T Load<T>(string yaml) where T : IKubernetesObject
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not a Kubernetes object type");
        // strict: YamlDotNet without IgnoreUnmatchedProperties, so an unknown key throws a YamlException.
        var manifest = KubernetesYaml.Deserialize<T>(yaml, strict: true);
        var apiVersion = entity.Group is { Length: > 0 } group ? $"{group}/{entity.ApiVersion}" : entity.ApiVersion;
        if (manifest.ApiVersion != apiVersion || manifest.Kind != entity.Kind)
            throw new FormatException($"expected {apiVersion} {entity.Kind}, the manifest says {manifest.ApiVersion} {manifest.Kind}");
        return manifest;
    }
}
