package io.github.oteldemo.chart;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.github.oteldemo.chart.render.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules of the Kubernetes Pod Security Standards, "baseline" and "restricted" profiles
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), as the API server's
 * PodSecurity admission applies them to a pod: what a namespace labelled
 * {@code pod-security.kubernetes.io/enforce: restricted} accepts. Returns every violation, so a
 * failure lists them all.
 */
final class RestrictedPodSecurity {

    /** Restricted: only these volume types. */
    private static final Set<String> ALLOWED_VOLUMES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /** Baseline: sysctls in the safe set. */
    private static final Set<String> SAFE_SYSCTLS = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");

    private static final Set<String> SELINUX_TYPES =
            Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    private RestrictedPodSecurity() {}

    static List<String> violations(Manifests manifests) {
        List<String> found = new ArrayList<>();
        for (Manifests.PodTemplate pod : manifests.podTemplates()) {
            found.addAll(violations(pod.owner(), pod.spec()));
        }
        return found;
    }

    static List<String> violations(String owner, PodSpec spec) {
        List<String> found = new ArrayList<>();
        PodSecurityContext pod =
                spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        // Baseline: host namespaces.
        check(found, !Boolean.TRUE.equals(spec.getHostNetwork()), owner, "hostNetwork");
        check(found, !Boolean.TRUE.equals(spec.getHostPID()), owner, "hostPID");
        check(found, !Boolean.TRUE.equals(spec.getHostIPC()), owner, "hostIPC");
        // Baseline: no hostPath; restricted: only the listed volume types.
        for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            String type = volumeType(volume);
            check(found, ALLOWED_VOLUMES.contains(type), owner, "volume " + volume.getName() + " of type " + type);
        }
        if (pod.getSysctls() != null) {
            pod.getSysctls()
                    .forEach(s -> check(found, SAFE_SYSCTLS.contains(s.getName()), owner, "sysctl " + s.getName()));
        }
        boolean podNonRoot = Boolean.TRUE.equals(pod.getRunAsNonRoot());
        check(found, pod.getRunAsUser() == null || pod.getRunAsUser() != 0, owner, "runAsUser 0");
        boolean podSeccomp = allowedSeccomp(pod.getSeccompProfile());
        check(found, pod.getSeccompProfile() == null || podSeccomp, owner, "seccompProfile " + pod.getSeccompProfile());
        if (pod.getSeLinuxOptions() != null) {
            checkSeLinux(
                    found,
                    owner,
                    pod.getSeLinuxOptions().getType(),
                    pod.getSeLinuxOptions().getUser(),
                    pod.getSeLinuxOptions().getRole());
        }
        check(
                found,
                pod.getWindowsOptions() == null
                        || !Boolean.TRUE.equals(pod.getWindowsOptions().getHostProcess()),
                owner,
                "windowsOptions.hostProcess");

        List<Container> containers = Stream.concat(
                        spec.getInitContainers() == null
                                ? Stream.<Container>empty()
                                : spec.getInitContainers().stream(),
                        spec.getContainers().stream())
                .toList();
        for (Container container : containers) {
            String where = owner + " container " + container.getName();
            SecurityContext context =
                    container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
            for (ContainerPort port : ManifestChecks.ports(container)) {
                check(
                        found,
                        port.getHostPort() == null || port.getHostPort() == 0,
                        where,
                        "hostPort " + port.getHostPort());
            }
            check(found, !Boolean.TRUE.equals(context.getPrivileged()), where, "privileged");
            check(
                    found,
                    Boolean.FALSE.equals(context.getAllowPrivilegeEscalation()),
                    where,
                    "allowPrivilegeEscalation is not false");
            check(
                    found,
                    Boolean.TRUE.equals(context.getRunAsNonRoot())
                            || (podNonRoot && !Boolean.FALSE.equals(context.getRunAsNonRoot())),
                    where,
                    "runAsNonRoot is not true");
            check(found, context.getRunAsUser() == null || context.getRunAsUser() != 0, where, "runAsUser 0");
            check(
                    found,
                    allowedSeccomp(context.getSeccompProfile()) || (podSeccomp && context.getSeccompProfile() == null),
                    where,
                    "seccompProfile is neither RuntimeDefault nor Localhost");
            Capabilities capabilities = context.getCapabilities();
            check(
                    found,
                    capabilities != null
                            && capabilities.getDrop() != null
                            && capabilities.getDrop().contains("ALL"),
                    where,
                    "capabilities.drop lacks ALL");
            if (capabilities != null && capabilities.getAdd() != null) {
                capabilities
                        .getAdd()
                        .forEach(c -> check(found, c.equals("NET_BIND_SERVICE"), where, "capability " + c));
            }
            check(
                    found,
                    context.getProcMount() == null || context.getProcMount().equals("Default"),
                    where,
                    "procMount " + context.getProcMount());
            if (context.getSeLinuxOptions() != null) {
                checkSeLinux(
                        found,
                        where,
                        context.getSeLinuxOptions().getType(),
                        context.getSeLinuxOptions().getUser(),
                        context.getSeLinuxOptions().getRole());
            }
            check(
                    found,
                    context.getAppArmorProfile() == null
                            || !"Unconfined".equals(context.getAppArmorProfile().getType()),
                    where,
                    "AppArmor Unconfined");
            check(
                    found,
                    context.getWindowsOptions() == null
                            || !Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess()),
                    where,
                    "windowsOptions.hostProcess");
        }
        return found;
    }

    private static boolean allowedSeccomp(SeccompProfile profile) {
        return profile != null && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
    }

    private static void checkSeLinux(List<String> found, String where, String type, String user, String role) {
        check(
                found,
                type == null || type.isEmpty() || SELINUX_TYPES.contains(type),
                where,
                "seLinuxOptions.type " + type);
        check(found, user == null || user.isEmpty(), where, "seLinuxOptions.user");
        check(found, role == null || role.isEmpty(), where, "seLinuxOptions.role");
    }

    /** The name of the one volume source a Volume sets, as the API spells it. */
    private static String volumeType(Volume volume) {
        if (volume.getConfigMap() != null) {
            return "configMap";
        }
        if (volume.getSecret() != null) {
            return "secret";
        }
        if (volume.getEmptyDir() != null) {
            return "emptyDir";
        }
        if (volume.getProjected() != null) {
            return "projected";
        }
        if (volume.getDownwardAPI() != null) {
            return "downwardAPI";
        }
        if (volume.getPersistentVolumeClaim() != null) {
            return "persistentVolumeClaim";
        }
        if (volume.getCsi() != null) {
            return "csi";
        }
        if (volume.getEphemeral() != null) {
            return "ephemeral";
        }
        if (volume.getHostPath() != null) {
            return "hostPath";
        }
        return "other";
    }

    private static void check(List<String> found, boolean allowed, String where, String what) {
        if (!allowed) {
            found.add(where + ": " + what);
        }
    }
}
