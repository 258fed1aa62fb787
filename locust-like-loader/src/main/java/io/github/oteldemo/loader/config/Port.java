package io.github.oteldemo.loader.config;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a TCP port option (0 to 65535; 0 picks a free port where binding): a bad one is refused while parsing, with the option named. */
public final class Port implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a port number (0-65535)");
        }
        if (port < 0 || port > 65_535) {
            throw new TypeConversionException("must be a port number (0-65535), got " + port);
        }
        return port;
    }
}
