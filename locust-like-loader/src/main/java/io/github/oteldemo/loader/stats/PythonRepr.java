package io.github.oteldemo.loader.stats;

/**
 * Python's {@code repr()} of a {@code str}, which Locust puts inside the error key it hashes
 * ({@code f"{method}.{name}.{parse_error(error)!r}"}): a Java worker's error must hash to the same
 * key as the same error from a Python worker, or a master shows them as two rows.
 */
public final class PythonRepr {

    private PythonRepr() {}

    /**
     * @param text any string
     * @return what CPython 3's {@code repr(text)} prints
     */
    public static String of(String text) {
        // CPython prefers single quotes and switches to double quotes only to avoid escaping.
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        text.codePoints().forEach(cp -> append(out, cp, quote));
        return out.append(quote).toString();
    }

    private static void append(StringBuilder out, int cp, char quote) {
        switch (cp) {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (cp == quote) {
                    out.append('\\').append(quote);
                } else if (printable(cp)) {
                    out.appendCodePoint(cp);
                } else if (cp < 0x100) {
                    out.append(String.format("\\x%02x", cp));
                } else if (cp < 0x10000) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    /** {@code str.isprintable()} for one code point: not a control, format, separator or unassigned one (space is printable). */
    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
