package io.github.oteldemo.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoogleCloudResourceTest {

    @TempDir
    Path dmi;

    @Test
    void recognisesGoogleHardwareByItsDmiProductName() throws IOException {
        assertThat(detector("Google Compute Engine\n").onGoogleCloud()).isTrue();
        assertThat(detector("Standard PC (Q35 + ICH9, 2009)\n").onGoogleCloud()).isFalse();
        assertThat(detector("").onGoogleCloud()).isFalse();
    }

    @Test
    void withoutDmiItIsNotGoogle() {
        assertThat(new GoogleCloudResource(dmi.resolve("absent"), Map.of()).onGoogleCloud())
                .isFalse();
    }

    @Test
    void anExplicitMetadataHostCountsAsGoogleCloud() {
        assertThat(new GoogleCloudResource(dmi.resolve("absent"), Map.of("GCE_METADATA_HOST", "127.0.0.1:8080"))
                        .onGoogleCloud())
                .isTrue();
    }

    @Test
    void offGoogleTheResourceIsUntouched() throws IOException {
        Resource resource = Resource.builder().put("service.name", "x").build();

        Resource result = detector("VirtualBox\n").apply(resource, DefaultConfigProperties.createFromMap(Map.of()));

        assertThat(result).isSameAs(resource);
    }

    @Test
    void aCloudProviderSetByTheUserWins() throws IOException {
        Resource resource = Resource.builder().put("cloud.provider", "aws").build();

        Resource result =
                detector("Google Compute Engine\n").apply(resource, DefaultConfigProperties.createFromMap(Map.of()));

        assertThat(result).isSameAs(resource);
    }

    private GoogleCloudResource detector(String productName) throws IOException {
        Path file = Files.writeString(dmi.resolve("product_name"), productName);
        return new GoogleCloudResource(file, Map.of());
    }
}
