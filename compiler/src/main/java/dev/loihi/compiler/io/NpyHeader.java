package dev.loihi.compiler.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0):
 *
 * <pre>
 *   0      6      7      8               8+L (L = 2 bytes in v1, 4 bytes in v2/v3)
 *   +------+------+------+---------------+--------------------------------------+------
 *   |\x93NUMPY    |major |minor | header length | {'descr': '&lt;f8', 'fortran_order':  | data
 *   |             |      |      | little endian | False, 'shape': (3, 4), }   ...\n    |
 *   +------+------+------+---------------+--------------------------------------+------
 * </pre>
 *
 * The dict is a Python literal padded with spaces so that the data starts on a 64-byte
 * boundary; v3 only differs from v2 by allowing UTF-8 in it.
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy pads the header so the data is aligned for memory mapping. */
    static final int ALIGNMENT = 64;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads the dict literal; empty when a key is missing or malformed. */
    static Optional<NpyHeader> parse(String dict) {
        Matcher d = DESCR.matcher(dict);
        Matcher f = FORTRAN.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !f.find() || !s.find()) {
            return Optional.empty();
        }
        String[] parts = s.group(1).split(",");
        int[] shape = new int[parts.length];
        int rank = 0;
        for (String part : parts) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                shape[rank++] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new NpyHeader(d.group(1), f.group(1).equals("True"), Arrays.copyOf(shape, rank)));
    }

    /** The complete v1.0 preamble (magic, version, length, padded dict) for this header. */
    byte[] encodeV1() {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': ").append(fortranOrder ? "True" : "False")
                .append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i > 0 ? ", " : "").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int preamble = MAGIC.length + 2 + 2;
        int padded = ((preamble + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT) * ALIGNMENT;
        while (preamble + dict.length() + 1 < padded) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[preamble + text.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (text.length & 0xff);
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, preamble, text.length);
        return out;
    }
}
