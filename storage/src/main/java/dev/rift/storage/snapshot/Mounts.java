package dev.rift.storage.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This process's view of mounted filesystems, from {@code /proc/self/mountinfo}. */
final class Mounts {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /** Every mountpoint, in mount order. */
    static List<Path> mountpoints() {
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
        List<Path> result = new ArrayList<>();
        for (String line : lines) {
            // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw": field 5 is the mountpoint.
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                result.add(Path.of(unescape(fields[4])));
            }
        }
        return result;
    }

    /** Whether {@code dir} is itself a mountpoint. */
    static boolean isMountpoint(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return mountpoints().contains(d);
    }

    /** Mountpoints strictly below {@code dir}. */
    static List<Path> mountpointsBelow(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return mountpoints().stream().filter(m -> m.startsWith(d) && !m.equals(d)).distinct().toList();
    }

    /** Mountpoints at or below {@code dir}. */
    static List<Path> mountpointsAtOrBelow(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return mountpoints().stream().filter(m -> m.startsWith(d)).distinct().toList();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal {@code \ooo}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
