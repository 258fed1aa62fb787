package io.github.oteldemo.flaskapp;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The app's own settings. Everything else (ports, StatsD reporter, logging) is Dropwizard's
 * standard configuration; the embedded {@code config.yml} maps each setting to its environment
 * variable.
 */
public class FlaskAppConfiguration extends Configuration {

    /** Share of {@code GET /} requests answered with a random status in 400..500. */
    @Min(0)
    @Max(100)
    private int chaosTargetPercent;

    /** The {@code environment} attribute on the custom metrics. */
    @NotBlank
    private String environment = "staging";

    @JsonProperty
    public int getChaosTargetPercent() {
        return chaosTargetPercent;
    }

    @JsonProperty
    public void setChaosTargetPercent(int chaosTargetPercent) {
        this.chaosTargetPercent = chaosTargetPercent;
    }

    @JsonProperty
    public String getEnvironment() {
        return environment;
    }

    @JsonProperty
    public void setEnvironment(String environment) {
        this.environment = environment;
    }
}
