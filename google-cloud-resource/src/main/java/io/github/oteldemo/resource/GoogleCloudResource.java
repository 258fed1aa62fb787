package io.github.oteldemo.resource;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.contrib.gcp.resource.GCPResourceProvider;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Adds Google Cloud and GKE resource attributes, looked up only on Google's hardware.
 *
 * <p>The contrib {@link GCPResourceProvider} decides whether it runs on Google Cloud by asking the
 * metadata server, with no connect or read timeout: off Google Cloud that costs a DNS lookup and
 * can hang start-up. Google's VMs (GKE nodes included) name their maker in the DMI product name,
 * which Linux exposes as a file, so reading it first costs nothing elsewhere; an explicit
 * {@code GCE_METADATA_HOST} (an emulator, or a sandbox that hides DMI) counts as Google Cloud too.
 * The contrib provider is therefore kept out of autoconfigure's own discovery and runs only
 * through this customizer.
 */
public final class GoogleCloudResource implements BiFunction<Resource, ConfigProperties, Resource> {

    static final Path DMI_PRODUCT_NAME = Path.of("/sys/class/dmi/id/product_name");
    static final String METADATA_HOST_VARIABLE = "GCE_METADATA_HOST";
    static final AttributeKey<String> CLOUD_PROVIDER = AttributeKey.stringKey("cloud.provider");

    private final Path productName;
    private final Map<String, String> environment;

    GoogleCloudResource(Path productName, Map<String, String> environment) {
        this.productName = productName;
        this.environment = environment;
    }

    /**
     * Installs the detection on an SDK builder: keeps autoconfigure from running the contrib
     * provider itself, and adds the guarded one as a resource customizer.
     */
    public static AutoConfiguredOpenTelemetrySdkBuilder installOn(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        return builder.addPropertiesSupplier(
                        () -> Map.of("otel.java.disabled.resource.providers", GCPResourceProvider.class.getName()))
                .addResourceCustomizer(new GoogleCloudResource(DMI_PRODUCT_NAME, System.getenv()));
    }

    /** The detected attributes under {@code resource}: what the user set explicitly wins. */
    @Override
    public Resource apply(Resource resource, ConfigProperties config) {
        if (resource.getAttribute(CLOUD_PROVIDER) != null || !onGoogleCloud()) {
            return resource;
        }
        return new GCPResourceProvider().createResource(config).merge(resource);
    }

    boolean onGoogleCloud() {
        if (environment.get(METADATA_HOST_VARIABLE) != null) {
            return true;
        }
        try {
            return Files.readString(productName, StandardCharsets.UTF_8).strip().startsWith("Google");
        } catch (IOException | SecurityException notReadable) {
            return false;
        }
    }
}
