package io.github.oteldemo.metricsexample.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.contrib.gcp.resource.GCPResourceProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Adds Google Cloud and GKE resource attributes, looked up only on Google's hardware.
 *
 * <p>The contrib {@link GCPResourceProvider} decides whether it runs on Google Cloud by asking the
 * metadata server, with no connect or read timeout: off Google Cloud that costs a DNS lookup and
 * can hang start-up. Google's VMs (GKE nodes included) name their maker in the DMI product name,
 * which Linux exposes as a file, so reading it first costs nothing elsewhere. The contrib provider
 * is therefore kept out of autoconfigure's own discovery and runs only through this customizer.
 */
public final class GoogleCloudResource implements BiFunction<Resource, ConfigProperties, Resource> {

  static final Path DMI_PRODUCT_NAME = Path.of("/sys/class/dmi/id/product_name");
  static final AttributeKey<String> CLOUD_PROVIDER = AttributeKey.stringKey("cloud.provider");

  private final Path productName;

  public GoogleCloudResource() {
    this(DMI_PRODUCT_NAME);
  }

  GoogleCloudResource(Path productName) {
    this.productName = productName;
  }

  /** The detected attributes under {@code resource}: what the user set explicitly wins. */
  @Override
  public Resource apply(Resource resource, ConfigProperties config) {
    if (resource.getAttribute(CLOUD_PROVIDER) != null || !onGoogleHardware()) {
      return resource;
    }
    return new GCPResourceProvider().createResource(config).merge(resource);
  }

  boolean onGoogleHardware() {
    try {
      return Files.readString(productName, StandardCharsets.UTF_8).strip().startsWith("Google");
    } catch (IOException | SecurityException notReadable) {
      return false;
    }
  }
}
