using System.Globalization;
using k8s.Models;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The `docker run` arguments that run a Deployment's single container as a kubelet would: every setting is read
/// from the manifest, so a manifest that loses one (the read-only root, the emptyDir, the user) runs differently.
/// A setting that Docker cannot reproduce fails rather than being dropped. The container port is published on
/// 127.0.0.1 only.
/// </summary>
public sealed record DeploymentAsDockerRun(string Image, int ContainerPort, IReadOnlyList<string> Arguments)
{
    public static DeploymentAsDockerRun From(V1Deployment deployment, int hostPort)
    {
        var pod = deployment.Spec.Template.Spec;
        Assert.AreEqual(1, pod.Containers.Count, "one container per pod");
        Assert.IsTrue(pod.InitContainers is null or { Count: 0 }, "init containers are not run here");
        var container = pod.Containers[0];
        var sc = container.SecurityContext;
        var args = new List<string>();

        if (sc?.ReadOnlyRootFilesystem == true) args.Add("--read-only");

        // Each volume mount: an emptyDir becomes a tmpfs of its size limit (world-writable like an emptyDir).
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = (pod.Volumes ?? []).SingleOrDefault(v => v.Name == mount.Name)
                ?? throw new AssertFailedException($"volumeMount {mount.Name} names no volume");
            if (volume.EmptyDir is null) throw new AssertFailedException($"volume {volume.Name}: only emptyDir volumes can be run here");
            var size = volume.EmptyDir.SizeLimit?.ToInt64() ?? throw new AssertFailedException($"emptyDir {volume.Name} has no sizeLimit");
            Assert.IsTrue(mount.ReadOnlyProperty != true && string.IsNullOrEmpty(mount.SubPath), $"volumeMount {mount.Name}: readOnly/subPath are not run here");
            args.AddRange(["--tmpfs", string.Create(CultureInfo.InvariantCulture, $"{mount.MountPath}:rw,size={size},mode=1777")]);
        }

        // The user the kubelet runs: the container's settings over the pod's; runAsNonRoot is the kubelet's check that it is not 0.
        var user = sc?.RunAsUser ?? pod.SecurityContext?.RunAsUser;
        var group = sc?.RunAsGroup ?? pod.SecurityContext?.RunAsGroup;
        if ((sc?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) == true)
            Assert.IsTrue(user is > 0, $"runAsNonRoot is set but runAsUser is {user?.ToString(CultureInfo.InvariantCulture) ?? "unset (the kubelet would need the image's user to be numeric)"}");
        if (user is long u) args.AddRange(["--user", group is long g ? $"{u}:{g}" : $"{u}"]);

        foreach (var drop in sc?.Capabilities?.Drop ?? []) args.AddRange(["--cap-drop", drop]);
        foreach (var add in sc?.Capabilities?.Add ?? []) args.AddRange(["--cap-add", add]);
        if (sc?.AllowPrivilegeEscalation == false) args.AddRange(["--security-opt", "no-new-privileges"]);
        if (sc?.Privileged == true) args.Add("--privileged");
        // RuntimeDefault is Docker's default seccomp profile, which docker run applies unless told otherwise.
        var seccomp = sc?.SeccompProfile?.Type ?? pod.SecurityContext?.SeccompProfile?.Type;
        switch (seccomp)
        {
            case null or "RuntimeDefault": break;
            case "Unconfined": args.AddRange(["--security-opt", "seccomp=unconfined"]); break;
            default: throw new AssertFailedException($"seccompProfile {seccomp} is not run here");
        }

        foreach (var env in container.Env ?? [])
        {
            if (env.ValueFrom is not null) throw new AssertFailedException($"env {env.Name}: valueFrom is not run here");
            args.AddRange(["-e", $"{env.Name}={env.Value}"]);
        }
        if (container.Resources?.Limits?.TryGetValue("memory", out var memory) == true)
            args.AddRange(["--memory", memory.ToInt64().ToString(CultureInfo.InvariantCulture)]);
        if (container.Resources?.Limits?.TryGetValue("cpu", out var cpu) == true)
            args.AddRange(["--cpus", cpu.ToDecimal().ToString(CultureInfo.InvariantCulture)]);

        var port = container.Ports?.SingleOrDefault()?.ContainerPort ?? throw new AssertFailedException("the container declares no single port");
        args.AddRange(["-p", $"127.0.0.1:{hostPort}:{port}"]);
        return new DeploymentAsDockerRun(container.Image, port, args);
    }
}
