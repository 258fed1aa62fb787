package io.github.oteldemo.loader.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Locust's {@code parse_timespan}: {@code 20} (seconds), {@code 20s}, {@code 3m}, {@code 2h}, {@code 1h20m30s}. */
public final class Timespan implements ITypeConverter<Duration> {

    private static final Pattern SPAN = Pattern.compile("(?:(\\d+)\\s*h)?\\s*(?:(\\d+)\\s*m)?\\s*(?:(\\d+)\\s*s)?");

    /**
     * @param text a timespan
     * @return its duration
     * @throws IllegalArgumentException with Locust's hint when it is not one
     */
    public static Duration parse(String text) {
        String span = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (span.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(span));
        }
        Matcher m = SPAN.matcher(span);
        if (span.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(
                    "invalid time span '" + text + "'; valid formats are 20, 20s, 3m, 2h, 1h20m, 3h30m10s");
        }
        return Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
    }

    private static long group(Matcher m, int index) {
        return m.group(index) == null ? 0 : Long.parseLong(m.group(index));
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
