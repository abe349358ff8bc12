package dev.rift.router.control;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Arguments as PostgreSQL reads them: text as is, booleans in any of the spellings {@code boolin} accepts. */
final class Values {
    private Values() {}

    static Object coerce(String text, ControlFunction.ParameterType type) {
        if (text == null || type == ControlFunction.ParameterType.TEXT) {
            return text;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "t", "tr", "tru", "true", "y", "ye", "yes", "on", "1" -> Boolean.TRUE;
            case "f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0" -> Boolean.FALSE;
            default -> throw new ControlError("22P02", "invalid input syntax for type boolean: \"" + text + "\"");
        };
    }

    /** A Bind parameter in its format (0 text, 1 binary) read as the parameter's type. */
    static Object bound(byte[] value, short format, ControlFunction.ParameterType type) {
        if (value == null) {
            return null;
        }
        if (format == 1 && type == ControlFunction.ParameterType.BOOL) {
            if (value.length != 1) {
                throw new ControlError("22P03", "incorrect binary data format in bind parameter");
            }
            return value[0] != 0;
        }
        // text's binary form is its UTF-8 bytes, like its text form.
        return coerce(new String(value, StandardCharsets.UTF_8), type);
    }
}
