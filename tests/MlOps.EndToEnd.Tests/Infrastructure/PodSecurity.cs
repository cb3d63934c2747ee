using k8s.Models;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Kubernetes Pod Security Standards, "restricted" profile (which includes "baseline"), as the pod-security admission
/// controller checks a pod spec: the violations, empty when the pod would be admitted into a restricted namespace.
/// Linux pods only (no Windows HostProcess).
/// </summary>
public static class PodSecurity
{
    private static readonly string[] AllowedVolumeKinds = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    public static IReadOnlyList<string> RestrictedViolations(V1PodSpec pod)
    {
        var violations = new List<string>();
        void Check(bool ok, string what) { if (!ok) violations.Add(what); }

        Check(pod.HostNetwork != true && pod.HostPID != true && pod.HostIPC != true, "host namespaces (hostNetwork/hostPID/hostIPC) must not be shared");
        foreach (var volume in pod.Volumes ?? [])
        {
            var kinds = typeof(V1Volume).GetProperties().Where(p => p.Name != nameof(V1Volume.Name) && p.GetValue(volume) is not null)
                .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]).ToList();
            Check(kinds.All(AllowedVolumeKinds.Contains), $"volume {volume.Name}: type {string.Join(",", kinds)} is not allowed ({string.Join(", ", AllowedVolumeKinds)} are)");
        }
        Check(pod.SecurityContext?.Sysctls is null or { Count: 0 }, "sysctls must not be set");
        Check(pod.SecurityContext?.RunAsUser != 0, "pod runAsUser must not be 0");

        var containers = (pod.InitContainers ?? []).Concat(pod.Containers ?? []).ToList();
        Check(containers.Count > 0, "no containers");
        foreach (var c in containers)
        {
            var sc = c.SecurityContext;
            var name = $"container {c.Name}";
            Check(sc?.Privileged != true, $"{name}: privileged must not be true");
            Check(sc?.AllowPrivilegeEscalation == false, $"{name}: allowPrivilegeEscalation must be false");
            Check((sc?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) == true, $"{name}: runAsNonRoot must be true (pod or container)");
            Check(sc?.RunAsUser != 0, $"{name}: runAsUser must not be 0");
            var seccomp = sc?.SeccompProfile?.Type ?? pod.SecurityContext?.SeccompProfile?.Type;
            Check(seccomp is "RuntimeDefault" or "Localhost", $"{name}: seccompProfile.type must be RuntimeDefault or Localhost (pod or container), not {seccomp ?? "unset"}");
            Check(sc?.Capabilities?.Drop?.Contains("ALL") == true, $"{name}: capabilities.drop must include ALL");
            Check((sc?.Capabilities?.Add ?? []).All(a => a == "NET_BIND_SERVICE"), $"{name}: capabilities.add may only hold NET_BIND_SERVICE");
            Check(sc?.ProcMount is null or "Default", $"{name}: procMount must be Default");
            Check((c.Ports ?? []).All(p => p.HostPort is null or 0), $"{name}: hostPort must not be set");
        }
        return violations;
    }
}
